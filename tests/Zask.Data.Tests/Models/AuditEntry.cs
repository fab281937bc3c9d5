namespace Zask.Data.Tests.Models;

[BindKey("audit")]
public class AuditEntry : Model
{
    public int Id { get; set; }

    public string Action { get; set; } = "";
}
