using System.ComponentModel.DataAnnotations.Schema;

namespace Zask.Data.Tests.Models;

[Table("legacy_things")]
public class LegacyThing : Model
{
    public int Id { get; set; }
}
