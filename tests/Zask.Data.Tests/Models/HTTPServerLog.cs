namespace Zask.Data.Tests.Models;

public class HTTPServerLog : Model
{
    public int Id { get; set; }
}
