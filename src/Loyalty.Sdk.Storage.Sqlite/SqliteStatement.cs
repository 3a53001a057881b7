using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>
/// A statement of the hot path, prepared once per connection and run through SQLitePCLRaw directly, its parameters
/// bound by ordinal. Measured on an entries insert (17 parameters, one transaction, this machine): 6.3–9.3 µs a row
/// through Microsoft.Data.Sqlite, which looks up every parameter by name and converts every string on every
/// execution, against 2.6–3.8 µs bound by ordinal. Ordinals are SQLite's: named parameters are numbered by first
/// appearance, and the constructor checks the names it is given against them, so a statement whose SQL and binder
/// disagree fails at its first preparation, never silently. Errors are thrown as <see cref="SqliteException"/> with
/// SQLite's codes, so the store's one error funnel translates them as before. Used by one session at a time.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql, string[] parameters)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        var count = raw.sqlite3_bind_parameter_count(_statement);
        if (count != parameters.Length)
        {
            throw new InvalidOperationException($"The statement has {count} parameters, the binder names {parameters.Length}: {sql}");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var name = raw.sqlite3_bind_parameter_name(_statement, i + 1).utf8_to_string();
            if (name != parameters[i])
            {
                throw new InvalidOperationException($"Parameter {i + 1} is {name}, the binder expects {parameters[i]}: {sql}");
            }
        }
    }

    public SqliteStatement Bind(int ordinal, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, ordinal, value));
        return this;
    }

    public SqliteStatement Bind(int ordinal, long? value) => value is { } v ? Bind(ordinal, v) : BindNull(ordinal);

    public SqliteStatement Bind(int ordinal, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, ordinal) : raw.sqlite3_bind_text16(_statement, ordinal, value.AsSpan()));
        return this;
    }

    public SqliteStatement Bind(int ordinal, ReadOnlySpan<byte> blob)
    {
        Check(raw.sqlite3_bind_blob(_statement, ordinal, blob));
        return this;
    }

    public SqliteStatement BindNull(int ordinal)
    {
        Check(raw.sqlite3_bind_null(_statement, ordinal));
        return this;
    }

    /// <summary>Runs a statement that returns no rows; returns the number of rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw Error(rc);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps to the next row: true with a row to read, false when done (the statement is then reset).</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        raw.sqlite3_reset(_statement);
        return rc == raw.SQLITE_DONE ? false : throw Error(rc);
    }

    /// <summary>Ends reading before the last row.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public long? NullableInt64(int column) => IsNull(column) ? null : Int64(column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string() ?? string.Empty;

    public string? NullableText(int column) => IsNull(column) ? null : Text(column);

    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
}
