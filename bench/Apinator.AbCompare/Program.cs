using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;

// Two builds of Apinator.Core in one process, each in its own AssemblyLoadContext, timed in
// alternating batches so that whatever the machine's neighbours do hits both alike. Each round gives
// a paired ratio (B ÷ A); the median of those ratios is the figure, immune to the slow drift of a
// shared VM that moves whole BenchmarkDotNet runs by 10–30 %.
//
//   dotnet run -c Release --project bench/Apinator.AbCompare -- <folder A> <folder B> [rounds]
//
// A folder is a build output holding Apinator.Core.dll and its dependencies, e.g.
// bench/Apinator.Benchmarks/bin/Release/net10.0 of two checkouts (git worktree).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Apinator.AbCompare <folder A> <folder B> [rounds]");
    return 2;
}

var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
const int CallsPerBatch = 4_000;
foreach (var protocol in new[] { "Apinator", "Pusher" })
{
    var a = Side.Load(args[0], protocol);
    var b = Side.Load(args[1], protocol);
    foreach (var operation in a.Operations.Keys)
    {
        // Auth does not depend on the protocol: measured once.
        if (protocol != "Apinator" && !operation.StartsWith("TriggerAsync", StringComparison.Ordinal)) continue;
        var runA = a.Operations[operation];
        var runB = b.Operations[operation];
        for (var i = 0; i < 5; i++)
        {
            await runA(CallsPerBatch);
            await runB(CallsPerBatch);
        }

        var aTimes = new List<double>();
        var bTimes = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which side goes first, so neither always follows the other's garbage.
            double ta, tb;
            if (round % 2 == 0)
            {
                ta = await runA(CallsPerBatch);
                tb = await runB(CallsPerBatch);
            }
            else
            {
                tb = await runB(CallsPerBatch);
                ta = await runA(CallsPerBatch);
            }

            aTimes.Add(ta);
            bTimes.Add(tb);
            ratios.Add(tb / ta);
        }

        var name = operation.StartsWith("TriggerAsync", StringComparison.Ordinal) ? $"{operation} {protocol}" : operation;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} A median {Median(aTimes),6:0} ns | B median {Median(bTimes),6:0} ns | B÷A median {Median(ratios):0.000} (p10 {Percentile(ratios, 0.1):0.000}, p90 {Percentile(ratios, 0.9):0.000})"));
    }
}

Console.WriteLine($"{rounds} rounds × {CallsPerBatch} calls per operation and side.");
return 0;

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Round(p * (sorted.Count - 1))];
}

/// <summary>One build of the library: its own load context, a client over a handler that answers <c>{}</c> at once.</summary>
internal sealed class Side
{
    private const string SocketId = "123456.7890123";

    private Side(Dictionary<string, Func<int, Task<double>>> operations) => Operations = operations;

    /// <summary>Each operation, timed over a number of calls: nanoseconds per call.</summary>
    public Dictionary<string, Func<int, Task<double>>> Operations { get; }

    public static Side Load(string folder, string protocol)
    {
        var context = new FolderContext(Path.GetFullPath(folder));
        var core = context.LoadFromAssemblyPath(Path.Combine(Path.GetFullPath(folder), "Apinator.Core.dll"));
        var optionsType = core.GetType("Apinator.ApinatorOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        Set(options, "AppId", "4242");
        Set(options, "Key", "pk-bench-7f3c2a");
        Set(options, "Secret", "sk-bench-9d81e5b4c0a64f2e8b1d7c3a");
        Set(options, "BaseAddress", new Uri("http://127.0.0.1:6001"));
        Set(options, "Protocol", Enum.Parse(optionsType.GetProperty("Protocol")!.PropertyType, protocol));

        var clientType = core.GetType("Apinator.ApinatorClient", throwOnError: true)!;
        var constructor = clientType.GetConstructors().Single(c => c.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(HttpClient));
        var arguments = constructor.GetParameters().Select((p, i) => i switch { 0 => new HttpClient(new AnswerHandler()), 1 => options, _ => null }).ToArray();
        var client = Expression.Constant(constructor.Invoke(arguments));
        Dictionary<string, string> info = new() { ["name"] = "Ada Lovelace" };

        var trigger = clientType.GetMethods().Single(m => m.Name == "TriggerAsync" && m.GetParameters()[0].ParameterType == typeof(string));
        var triggerCall = Expression.Lambda<Func<Task>>(Expression.Call(client, trigger,
        [
            Expression.Constant("bench-channel"),
            Expression.Constant("bench-event"),
            Expression.Constant("{\"n\":1}", typeof(object)),
            .. trigger.GetParameters().Skip(3).Select(p => p.ParameterType == typeof(CancellationToken) ? Expression.Constant(CancellationToken.None) : (Expression)Expression.Constant(null, p.ParameterType)),
        ])).Compile();

        var authorize = clientType.GetMethod("AuthorizeChannel")!;
        var memberType = authorize.GetParameters()[2].ParameterType;
        var member = Activator.CreateInstance(memberType, "user-42", info);
        var privateCall = Expression.Lambda<Action>(Expression.Call(client, authorize, Expression.Constant(SocketId), Expression.Constant("private-orders-eu-1234"), Expression.Constant(null, memberType))).Compile();
        var presenceCall = Expression.Lambda<Action>(Expression.Call(client, authorize, Expression.Constant(SocketId), Expression.Constant("presence-room-42"), Expression.Constant(member, memberType))).Compile();

        var authenticate = clientType.GetMethod("AuthenticateUser")!;
        var userType = authenticate.GetParameters()[1].ParameterType;
        var user = Activator.CreateInstance(userType, "user-42", info);
        var userCall = Expression.Lambda<Action>(Expression.Call(client, authenticate, Expression.Constant(SocketId), Expression.Constant(user, userType))).Compile();

        return new Side(new()
        {
            ["TriggerAsync"] = calls => TimeAsync(triggerCall, calls),
            ["private channel auth"] = calls => Task.FromResult(Time(privateCall, calls)),
            ["presence channel auth"] = calls => Task.FromResult(Time(presenceCall, calls)),
            ["user auth"] = calls => Task.FromResult(Time(userCall, calls)),
        });
    }

    private static async Task<double> TimeAsync(Func<Task> call, int calls)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++) await call();
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / calls;
    }

    private static double Time(Action call, int calls)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++) call();
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / calls;
    }

    private static void Set(object target, string property, object? value) => target.GetType().GetProperty(property)!.SetValue(target, value);
}

/// <summary>Loads the library and its packages from one folder; the framework (HttpClient included) from the app's.</summary>
internal sealed class FolderContext(string folder) : AssemblyLoadContext(isCollectible: false)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(folder, assemblyName.Name + ".dll");
        return File.Exists(path) && !IsFramework(assemblyName.Name!) ? LoadFromAssemblyPath(path) : null;
    }

    private static bool IsFramework(string name) => name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib";
}

/// <summary>Answers every request with <c>{}</c> at once, as TriggerBenchmarks' handler does.</summary>
internal sealed class AnswerHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.ContentType = Json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
