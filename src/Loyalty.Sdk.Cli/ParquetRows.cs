using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Parquet;
using Parquet.Schema;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// The rows of a Parquet file (Parquet.Net), streamed a row group at a time with column projection: a column is read
/// from a row group only when a row of it is first asked for a field of that column, so columns no option names are
/// never read, and memory holds one row group of the columns in use. Values are handed on as invariant text (numbers
/// as written, timestamps as ISO local date-times, UTC ones with a Z), so the same parsing applies as to a CSV export.
/// A row's "line" is its row number plus one, as a CSV data row's line would be.
/// </summary>
internal sealed class ParquetRows : IRowSource
{
    private readonly string _file;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private string?[]?[] _columns;
    private int _group = -1;
    private long _groupRows;
    private long _row = -1;
    private long _before;

    public ParquetRows(Stream stream, string file)
    {
        _file = file;
        try
        {
            _reader = ParquetReader.CreateAsync(stream, null, false).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw new InputException($"The input file '{file}' is not a readable Parquet file: {ex.Message}");
        }

        _fields = _reader.Schema.GetDataFields();
        Header = [.. _fields.Select(f => f.Name)];
        _columns = new string?[]?[_fields.Length];
    }

    public string[]? Header { get; }

    public bool Next(out long line)
    {
        _row++;
        while (_row >= _groupRows)
        {
            if (_group + 1 >= _reader.RowGroupCount)
            {
                line = _before + _groupRows + 1;
                return false;
            }

            _before += _groupRows;
            _group++;
            _groupRows = _reader.RowGroups[_group].RowCount;
            _row = 0;
            _columns = new string?[]?[_fields.Length];
        }

        line = _before + _row + 2;
        return true;
    }

    public string? Field(int index)
    {
        if (index >= _fields.Length)
        {
            return null;
        }

        var column = _columns[index] ??= ReadColumnOrExplain(_fields[index]);
        return column[_row];
    }

    public void Require(int index, ColumnKind kind, string option)
    {
        var field = _fields[index];
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        var fits = !field.IsArray && (IsText(type) || kind switch
        {
            ColumnKind.Number => IsNumber(type),
            ColumnKind.Time => type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(int) || type == typeof(long),
            _ => IsNumber(type) || type == typeof(bool) || type == typeof(Guid),
        });
        if (!fits)
        {
            var expected = kind switch { ColumnKind.Number => "a number or text", ColumnKind.Time => "a timestamp, a date or text", _ => "text or a number" };
            throw new InputException($"{option} '{field.Name}' in '{Path.GetFileName(_file)}' is a Parquet {(field.IsArray ? "list" : type.Name)} column; expected {expected}.");
        }
    }

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// What a damaged or unexpected file makes the reader throw: Parquet.Net's own exceptions (such as a Thrift
    /// protocol error in a page header) and the framework's for bad data; not the process's own failures.
    /// </summary>
    private static bool IsDamage(Exception ex) =>
        ex.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true ||
        ex is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException
            or IndexOutOfRangeException or OverflowException or FormatException or InvalidCastException or NotImplementedException;

    /// <summary>Text: Parquet.Net describes a UTF-8 string column as string or as a memory of characters.</summary>
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static bool IsNumber(Type type) =>
        type == typeof(decimal) || type == typeof(double) || type == typeof(float) || type == typeof(long) || type == typeof(int) ||
        type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);

    /// <summary>Reads a column; a damaged file is an input problem naming the column and row group, not a stack trace.</summary>
    private string?[] ReadColumnOrExplain(DataField field)
    {
        try
        {
            return ReadColumn(field);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw new InputException($"The input file '{_file}' cannot be read: column '{field.Name}', row group {_group + 1}: {ex.Message}");
        }
    }

    /// <summary>Reads one column of the current row group as invariant text.</summary>
    private string?[] ReadColumn(DataField field)
    {
        using var group = _reader.OpenRowGroupReader(_group);
        var rows = checked((int)_groupRows);
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (IsText(type))
        {
            var text = new string?[rows];
            group.ReadAsync(field, text.AsMemory()).GetAwaiter().GetResult();
            return text;
        }

        return type switch
        {
            _ when type == typeof(int) => Read<int>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(long) => Read<long>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(short) => Read<short>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(byte) => Read<byte>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(sbyte) => Read<sbyte>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(ushort) => Read<ushort>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(uint) => Read<uint>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(ulong) => Read<ulong>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(decimal) => Read<decimal>(group, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
            _ when type == typeof(double) => Read<double>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when type == typeof(float) => Read<float>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when type == typeof(bool) => Read<bool>(group, field, rows, v => v ? "true" : "false"),
            _ when type == typeof(Guid) => Read<Guid>(group, field, rows, v => v.ToString()),
            _ when type == typeof(DateOnly) => Read<DateOnly>(group, field, rows, v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ when type == typeof(DateTimeOffset) => Read<DateTimeOffset>(group, field, rows, v => v.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            _ when type == typeof(DateTime) => Read<DateTime>(group, field, rows, v => v.ToString(v.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            _ => throw new InputException($"The column '{field.Name}' in '{Path.GetFileName(_file)}' is a Parquet {type.Name} column, which the tool does not read."),
        };
    }

    private static string?[] Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, string> format)
        where T : struct
    {
        var text = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                text[i] = values[i] is { } v ? format(v) : null;
            }
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                text[i] = format(values[i]);
            }
        }

        return text;
    }
}
