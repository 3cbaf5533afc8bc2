using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The whole suite in about 7 minutes on 2 cores (see bench/README.md):
//   dotnet run -c Release --project bench/Apinator.Benchmarks -- --filter '*' --job short --iterationCount 15
// The median is shown beside the mean: on a shared machine a few slow iterations move the mean.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Apinator.Benchmarks.Fixture).Assembly).Run(args, config);
