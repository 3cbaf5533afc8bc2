using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Apinator.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Apinator.Benchmarks.Fixture).Assembly).Run(args);
