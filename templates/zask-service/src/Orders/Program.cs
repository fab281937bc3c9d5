using Orders;

// dotnet run [-- --bind ENDPOINT]
// Settings: settings.json, then dev.settings.json, then the file named by CONFIG_PATH, then ZASK_* variables.
// Without --bind the server binds to the endpoints ZERORPC_ORDERS lists for its version.
var options = new OrdersAppOptions();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--bind" when i + 1 < args.Length:
            options.Bind = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: Orders [--bind ENDPOINT]   (for example --bind tcp://127.0.0.1:5001)");
            return 0;
        default:
            Console.Error.WriteLine($"usage: Orders [--bind ENDPOINT] (unknown argument '{args[i]}')");
            return 2;
    }
}

await using var service = OrdersApp.Create(options);
// Tests and scripts wait for this line before calling the service.
Console.WriteLine($"orders serving on {string.Join(", ", service.Endpoints)}");
await service.RunAsync();
return 0;
