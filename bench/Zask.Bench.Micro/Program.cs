using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Zask.Bench.Micro -- --filter '*' [--job short]`
BenchmarkSwitcher.FromAssembly(typeof(Zask.Bench.Micro.HelloMessages).Assembly).Run(args);
