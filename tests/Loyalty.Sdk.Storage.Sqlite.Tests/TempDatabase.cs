using System;
using System.IO;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>A database path in a fresh temporary folder, deleted (with its WAL files) afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "loyalty-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "ledger.db");
    }

    public string Folder { get; }

    public string Path { get; }

    /// <summary>Runs SQL on the file through a connection of its own (another process's view of the database).</summary>
    public object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Runs SQL that returns nothing on the file through a connection of its own.</summary>
    public void Execute(string sql) => Scalar(sql);

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
