using Microsoft.EntityFrameworkCore;
using Zask;
using Zask.Data;
using Zask.ZeroRpc;
using Zask.ZeroRpc.Server;

namespace DocsSamples;

#region docs:python-service
[ZeroRpcService("some_service", Version = "1.0")]     // __service_name__ and __version__
public class MySrv
{
    public string Foo() => "bar";
}
#endregion

public static class ComingFromPython
{
    #region docs:python-run
    public static async Task RunAsync(CancellationToken stop = default)
    {
        await using var app = new ZaskApp("my_app");           // app = Zask(__name__)
        var rpc = new ZeroRpcExtension(app, BuiltinMiddlewares.None); // rpc = ZeroRPC(app, middlewares=None)
        var server = rpc.Server(new MySrv());                   // server = MySrv()
        server.Bind("tcp://0.0.0.0:8081");                      // server.bind("tcp://0.0.0.0:8081")
        await app.RunAsync(stop);                               // server.run()
    }
    #endregion

    public static async Task<(int All, bool FoundAdmin)> DataAsync(ZaskApp app)
    {
        #region docs:python-data
        using var db = new ZaskDb(app);                                           // db = SQLAlchemy(app)
        db.CreateAll(bind: "users");                                              // db.create_all(bind='users')
        db.Session.Add(new Account { Username = "admin" });                       // db.session.add(User('admin'))
        await db.Session.CommitAsync();                                           // db.session.commit()
        var all = await db.Query<Account>().ToListAsync();                        // User.query.all()
        var admin = await db.Query<Account>()
            .FirstOrDefaultAsync(a => a.Username == "admin");                     // User.query.filter_by(username='admin').first()
        #endregion
        return (all.Count, admin is not null);
    }
}
