using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Zask.Data;

/// <summary>
/// A database URI as Flask-SQLAlchemy takes it, turned into a provider and an ADO.NET connection string:
/// <list type="bullet">
/// <item><c>sqlite://</c> (or <c>sqlite:///:memory:</c>): a private in-memory database, shared by every session of
/// the <see cref="ZaskDb"/> for its lifetime;</item>
/// <item><c>sqlite:///relative/file.db</c>: a file under the app's root path; <c>sqlite:////abs/file.db</c>: an
/// absolute path;</item>
/// <item><c>postgresql://user:password@host:port/database?sslmode=require</c> (also <c>postgres://</c> and
/// <c>postgresql+driver://</c>): an Npgsql connection string; user and password are percent-decoded.</item>
/// </list>
/// </summary>
public sealed class DatabaseUri
{
    private DatabaseUri(DatabaseProvider provider, string connectionString, string displayUri, bool isInMemory, string? filePath)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DisplayUri = displayUri;
        IsInMemory = isInMemory;
        FilePath = filePath;
    }

    /// <summary>The database engine.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string, without pool settings.</summary>
    public string ConnectionString { get; }

    /// <summary>The URI with its password masked, for messages and logs.</summary>
    public string DisplayUri { get; }

    /// <summary><c>true</c> for an in-memory SQLite database.</summary>
    public bool IsInMemory { get; }

    /// <summary>The absolute file of a SQLite file database; <c>null</c> otherwise.</summary>
    public string? FilePath { get; }

    /// <inheritdoc />
    public override string ToString() => DisplayUri;

    /// <summary>Parses a URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="rootPath">The folder relative SQLite paths are taken from (the app's root path).</param>
    /// <param name="configKey">The setting the URI came from, named in errors.</param>
    /// <returns>The parsed URI.</returns>
    /// <exception cref="DatabaseConfigException">The URI is empty, malformed or of an unsupported scheme.</exception>
    public static DatabaseUri Parse(string? uri, string rootPath, string configKey = "SQLALCHEMY_DATABASE_URI")
    {
        ArgumentNullException.ThrowIfNull(rootPath);
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new DatabaseConfigException(configKey, "no database URI is set (expected e.g. sqlite:///app.db or postgresql://user:password@host/db)");
        }
        uri = uri.Trim();
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new DatabaseConfigException(configKey, $"malformed database URI '{Mask(uri)}': expected scheme://..., e.g. sqlite:///app.db");
        }
        var scheme = uri[..schemeEnd].ToLowerInvariant();
        // SQLAlchemy's dialect+driver form: the driver part names a Python DBAPI and means nothing here.
        var dialect = scheme.Split('+', 2)[0];
        var rest = uri[(schemeEnd + 3)..];
        return dialect switch
        {
            "sqlite" => ParseSqlite(rest, uri, rootPath, configKey),
            "postgresql" or "postgres" or "pgsql" => ParsePostgres(uri, configKey),
            _ => throw new DatabaseConfigException(configKey,
                $"unsupported database scheme '{scheme}' in '{Mask(uri)}' (supported: sqlite, postgresql, postgres)"),
        };
    }

    private static DatabaseUri ParseSqlite(string rest, string uri, string rootPath, string configKey)
    {
        string? query = null;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }
        if (rest.Length > 0 && rest[0] != '/')
        {
            throw new DatabaseConfigException(configKey,
                $"malformed SQLite URI '{uri}': SQLite URIs have no host; use sqlite:// (memory), sqlite:///relative.db or sqlite:////absolute/path.db");
        }
        var path = rest.Length == 0 ? "" : Uri.UnescapeDataString(rest[1..]);
        var builder = new SqliteConnectionStringBuilder();
        bool inMemory = path.Length == 0 || path == ":memory:";
        string? filePath = null;
        if (inMemory)
        {
            // A named shared-cache database, unique to this URI instance: every connection of the ZaskDb sees the
            // same data, and it lives as long as one connection stays open.
            builder.DataSource = "zask-" + Guid.NewGuid().ToString("N");
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }
        else
        {
            filePath = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(rootPath, path));
            builder.DataSource = filePath;
        }
        foreach (var (name, value) in ParseQuery(query, uri, configKey))
        {
            switch (name.ToLowerInvariant())
            {
                case "mode" when !inMemory:
                    builder.Mode = value.ToLowerInvariant() switch
                    {
                        "ro" => SqliteOpenMode.ReadOnly,
                        "rw" => SqliteOpenMode.ReadWrite,
                        "rwc" => SqliteOpenMode.ReadWriteCreate,
                        _ => throw new DatabaseConfigException(configKey, $"unsupported SQLite mode '{value}' in '{uri}' (ro, rw, rwc)"),
                    };
                    break;
                case "timeout":
                    builder.DefaultTimeout = ParseInt(value, name, uri, configKey);
                    break;
                default:
                    throw new DatabaseConfigException(configKey, $"unsupported SQLite URI parameter '{name}' in '{uri}' (mode, timeout)");
            }
        }
        return new DatabaseUri(DatabaseProvider.Sqlite, builder.ConnectionString, uri, inMemory, filePath);
    }

    private static DatabaseUri ParsePostgres(string uri, string configKey)
    {
        var masked = Mask(uri);
        // SQLAlchemy allows an empty host (postgresql:///db); System.Uri does not, so name the default one.
        var authorityStart = uri.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = uri.IndexOfAny(['/', '?'], authorityStart);
        var authority = authorityEnd < 0 ? uri[authorityStart..] : uri[authorityStart..authorityEnd];
        var hostPart = authority[(authority.LastIndexOf('@') + 1)..];
        if (hostPart.Length == 0 || hostPart[0] == ':')
        {
            var insertAt = authorityStart + authority.LastIndexOf('@') + 1;
            uri = uri[..insertAt] + "localhost" + uri[insertAt..];
        }
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            throw new DatabaseConfigException(configKey,
                $"malformed PostgreSQL URI '{masked}': expected postgresql://user:password@host:port/database");
        }
        var builder = new NpgsqlConnectionStringBuilder();
        var host = parsed.Host;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        builder.Host = host.Length == 0 ? "localhost" : host;
        if (!parsed.IsDefaultPort && parsed.Port > 0)
        {
            builder.Port = parsed.Port;
        }
        if (parsed.UserInfo.Length > 0)
        {
            var colon = parsed.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? parsed.UserInfo : parsed.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(parsed.UserInfo[(colon + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new DatabaseConfigException(configKey, $"malformed PostgreSQL URI '{masked}': the path must be a single database name");
        }
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var (name, value) in ParseQuery(parsed.Query.TrimStart('?'), masked, configKey))
        {
            // libpq's parameter names, as SQLAlchemy passes them on; anything else must be an Npgsql keyword.
            var keyword = name.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                "target_session_attrs" => "Target Session Attributes",
                "options" => "Options",
                "host" => "Host",
                "port" => "Port",
                "user" => "Username",
                "password" => "Password",
                "dbname" => "Database",
                _ => name,
            };
            try
            {
                builder[keyword] = keyword == "SSL Mode" ? NormalizeSslMode(value) : value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                throw new DatabaseConfigException(configKey, $"unsupported or invalid PostgreSQL URI parameter '{name}={value}' in '{masked}'", ex);
            }
        }
        return new DatabaseUri(DatabaseProvider.PostgreSql, builder.ConnectionString, masked, false, null);
    }

    private static string NormalizeSslMode(string value) => value.ToLowerInvariant() switch
    {
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => value,
    };

    private static IEnumerable<(string Name, string Value)> ParseQuery(string? query, string uri, string configKey)
    {
        if (string.IsNullOrEmpty(query))
        {
            yield break;
        }
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new DatabaseConfigException(configKey, $"malformed URI parameter '{pair}' in '{uri}': expected name=value");
            }
            yield return (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
        }
    }

    private static int ParseInt(string value, string name, string uri, string configKey) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new DatabaseConfigException(configKey, $"URI parameter '{name}' in '{uri}' must be a non-negative integer");

    /// <summary>Hides the password of a URI (<c>postgresql://user:***@host/db</c>).</summary>
    internal static string Mask(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return uri;
        }
        var authorityStart = schemeEnd + 3;
        var at = uri.LastIndexOf('@');
        var slash = uri.IndexOf('/', authorityStart);
        if (at < authorityStart || (slash >= 0 && slash < at))
        {
            return uri;
        }
        var colon = uri.IndexOf(':', authorityStart);
        return colon < 0 || colon > at ? uri : uri[..(colon + 1)] + "***" + uri[at..];
    }
}
