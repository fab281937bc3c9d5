using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Zask.Data.Tests.Migrations.Inventory;

/// <summary>Second migration: alters the gadget table.</summary>
[DbContext(typeof(BindDbContext))]
[Migration("20250102000000_AddGadgetColor")]
public sealed class AddGadgetColor : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Color", table: "gadget", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            // EF rebuilds SQLite tables for DropColumn only with a model snapshot; SQLite 3.35+ drops columns itself.
            migrationBuilder.Sql("ALTER TABLE \"gadget\" DROP COLUMN \"Color\"");
        }
        else
        {
            migrationBuilder.DropColumn(name: "Color", table: "gadget");
        }
    }
}
