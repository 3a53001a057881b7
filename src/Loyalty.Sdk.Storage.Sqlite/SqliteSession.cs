using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>One open connection, configured once, with its prepared statements; used by one caller at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);
    private static readonly string[] ProgramParameters = ["$p"];

    // Programs are numbered once and never deleted, so a number read from any snapshot stays right for the session.
    private readonly Dictionary<ProgramId, long> _programs = [];

    public SqliteSession(string connectionString, SqliteLedgerStoreOptions options)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
        var synchronous = options.Durability == SqliteDurability.Full ? "FULL" : "NORMAL";
        var busy = BusyTimeoutMilliseconds(options.BusyTimeout);
        Execute($"PRAGMA busy_timeout = {busy}; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;");
    }

    public SqliteConnection Connection { get; }

    /// <summary>Microsoft.Data.Sqlite's command timeout for a busy timeout: whole seconds, at least one.</summary>
    public static int CommandTimeoutSeconds(TimeSpan busyTimeout) => Math.Max(1, (int)busyTimeout.TotalSeconds);

    /// <summary>
    /// SQLite waits for another writer's lock itself (PRAGMA busy_timeout); Microsoft.Data.Sqlite then steps a busy
    /// statement again, after 150 ms, until its command timeout has passed. SQLite's wait is set a little past that
    /// command timeout, so its first busy answer is final: the configured timeout is the wait, not twice it.
    /// </summary>
    public static long BusyTimeoutMilliseconds(TimeSpan busyTimeout) =>
        Math.Max((long)busyTimeout.TotalMilliseconds, CommandTimeoutSeconds(busyTimeout) * 1000L) + 50;

    /// <summary>Gets the prepared command for a statement (compiled on first use); set its parameters with <see cref="SqliteDialect.Set"/>.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;

            // Compiled once and kept: without Prepare, Microsoft.Data.Sqlite compiles the SQL on every execution.
            command.Prepare();
            _commands[sql] = command;
        }

        command.Transaction = null;
        return command;
    }

    /// <summary>Gets the hot-path statement for SQL (prepared on first use, its parameter names checked against <paramref name="parameters"/>).</summary>
    public SqliteStatement Statement(string sql, string[] parameters)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(Connection, sql, parameters);
            _statements[sql] = statement;
        }

        return statement;
    }

    /// <summary>The program's number, or null when nothing of the program has been written.</summary>
    public long? FindProgram(ProgramId programId)
    {
        if (_programs.TryGetValue(programId, out var number))
        {
            return number;
        }

        var select = Statement(SqliteDialect.SelectProgram, ProgramParameters).Bind(1, programId.Value);
        if (!select.Read())
        {
            return null;
        }

        number = select.Int64(0);
        select.Reset();
        _programs[programId] = number;
        return number;
    }

    /// <summary>
    /// The program's number, numbering it first if it has none. Called outside any transaction: the number is
    /// committed on its own (once per program and file), so it is never one that a rolled-back commit handed out.
    /// </summary>
    public long ProgramNumber(ProgramId programId)
    {
        if (FindProgram(programId) is { } number)
        {
            return number;
        }

        Statement(SqliteDialect.InsertProgram, ProgramParameters).Bind(1, programId.Value).Execute();
        return FindProgram(programId) ?? throw new InvalidOperationException($"Program '{programId}' was numbered but cannot be read back.");
    }

    public void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
