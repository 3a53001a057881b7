using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Loyalty.Sdk.Storage.Sqlite;

/// <summary>
/// Writes many rows of one table with multi-row <c>INSERT</c> statements: the one-row SQL's <c>VALUES</c> tuple
/// repeated <see cref="Rows"/> times, its parameters renamed per row (<c>$a</c> becomes <c>$a_0</c>, <c>$a_1</c>, …), so
/// that <see cref="SqliteStatement"/> checks the multi-row form's names as it checks the one-row form's. An
/// <c>ON CONFLICT</c> clause applies to each row. The rows that do not fill a statement go one by one.
/// </summary>
internal static partial class SqliteMultiRow
{
    /// <summary>The rows per statement: at 17 parameters a row, 272 bound values, far below SQLite's limit.</summary>
    public const int Rows = 16;

    private static readonly ConcurrentDictionary<string, (string Sql, string[] Parameters)> Expanded = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="rows"/> through <paramref name="sql"/> (one row, <paramref name="parameters"/> in order).</summary>
    public static void Write<T>(SqliteSession session, string sql, string[] parameters, List<T> rows, Action<SqliteStatement, int, T> bind)
    {
        var i = 0;
        if (rows.Count >= Rows)
        {
            var (many, names) = Expanded.GetOrAdd(sql, static (one, p) => Expand(one, p), parameters);
            var statement = session.Statement(many, names);
            for (; i + Rows <= rows.Count; i += Rows)
            {
                for (var r = 0; r < Rows; r++)
                {
                    bind(statement, r * parameters.Length, rows[i + r]);
                }

                statement.Execute();
            }
        }

        for (; i < rows.Count; i++)
        {
            One(session, sql, parameters, rows[i], bind).Execute();
        }
    }

    /// <summary>The one-row statement with <paramref name="row"/> bound, to run.</summary>
    public static SqliteStatement One<T>(SqliteSession session, string sql, string[] parameters, T row, Action<SqliteStatement, int, T> bind)
    {
        var statement = session.Statement(sql, parameters);
        bind(statement, 0, row);
        return statement;
    }

    /// <summary>The <see cref="Rows"/>-row form of a one-row <c>INSERT … VALUES (…)</c>, and its parameter names in order.</summary>
    internal static (string Sql, string[] Parameters) Expand(string sql, string[] parameters)
    {
        var start = sql.IndexOf("VALUES (", StringComparison.Ordinal) + "VALUES ".Length;
        var end = sql.IndexOf(')', start) + 1;
        if (start < "VALUES ".Length || end <= start)
        {
            throw new InvalidOperationException($"Not a one-row INSERT ... VALUES (...): {sql}");
        }

        var tuple = sql[start..end];
        var values = new StringBuilder();
        var names = new string[Rows * parameters.Length];
        for (var r = 0; r < Rows; r++)
        {
            values.Append(r == 0 ? string.Empty : ", ").Append(Parameter().Replace(tuple, m => $"{m.Value}_{r}"));
            for (var p = 0; p < parameters.Length; p++)
            {
                names[(r * parameters.Length) + p] = $"{parameters[p]}_{r}";
            }
        }

        return (string.Concat(sql.AsSpan(0, start), values.ToString(), sql.AsSpan(end)), names);
    }

    [GeneratedRegex(@"\$[A-Za-z]+")]
    private static partial Regex Parameter();
}
