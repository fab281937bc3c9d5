namespace Zask.Data.Tests.Models;

public class RenamedThing : Model
{
    public static string TableName => "things_renamed";

    public int Id { get; set; }
}
