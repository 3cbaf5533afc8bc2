await AotApp.AotHost.Build(args).RunAsync();
