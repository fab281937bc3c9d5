using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Zask.Data.Tests.Migrations.Inventory;

/// <summary>First migration of the inventory bind (found by its namespace): the gadget table without Color.</summary>
[DbContext(typeof(BindDbContext))]
[Migration("20250101000000_CreateGadget")]
public sealed class CreateGadget : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "gadget",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_gadget", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("gadget");
}
