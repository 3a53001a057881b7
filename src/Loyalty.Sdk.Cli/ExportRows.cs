using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using CsvHelper;
using CsvHelper.Configuration;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// The rows of an export: one delimited file (plain or gzip-compressed, recognised by its first bytes) or a folder of
/// them read in file-name order as one export (the same header in each). The delimiter <c>auto</c> is a tab for
/// <c>.tsv</c> and <c>.tab</c> files and a comma otherwise.
/// </summary>
internal sealed class ExportRows : IDisposable
{
    private static readonly string[] DataExtensions = [".csv", ".tsv", ".tab", ".txt", ".parquet"];
    private readonly IReadOnlyList<string> _files;
    private readonly string _delimiter;
    private readonly List<(int Index, ColumnKind Kind, string Option)> _required = [];
    private int _next;
    private IRowSource _current;

    private ExportRows(IReadOnlyList<string> files, string delimiter, bool folder)
    {
        _files = files;
        _delimiter = delimiter;
        IsFolder = folder;
        _current = OpenFile(files[0], delimiter);
        _next = 1;
        Header = _current.Header ?? throw new InputException($"The input file '{files[0]}' is empty: a header row is required.");
    }

    /// <summary>Gets the header row (the first file's).</summary>
    public string[] Header { get; }

    /// <summary>Gets whether the input is a folder of files.</summary>
    public bool IsFolder { get; }

    /// <summary>Gets the file the current row comes from, when the input is a folder; otherwise null.</summary>
    public string? File => IsFolder ? Path.GetFileName(_files[_next - 1]) : null;

    /// <summary>Opens a file or a folder of files.</summary>
    public static ExportRows Open(string path, string delimiter)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path).Where(IsData).Order(StringComparer.Ordinal).ToList();
            return files.Count > 0
                ? new ExportRows(files, delimiter, folder: true)
                : throw new InputException($"The input folder '{path}' has no .csv, .tsv, .tab or .txt files (plain or .gz).");
        }

        return System.IO.File.Exists(path)
            ? new ExportRows([path], delimiter, folder: false)
            : throw new InputException($"The input file '{path}' does not exist.");
    }

    /// <summary>Moves to the next row, across files; <paramref name="line"/> is its line in its file.</summary>
    public bool Next(out long line)
    {
        while (!NextInFile(out line))
        {
            if (_next >= _files.Count)
            {
                return false;
            }

            _current.Dispose();
            var file = _files[_next];
            _current = OpenFile(file, _delimiter);
            _next++;
            if (_current.Header is not { } header || !header.SequenceEqual(Header, StringComparer.Ordinal))
            {
                throw new InputException(
                    $"The file '{Path.GetFileName(file)}' in the input folder has {(_current.Header is null ? "no header row" : $"the header {Quote(_current.Header)}")}, " +
                    $"the first file '{Path.GetFileName(_files[0])}' has {Quote(Header)}: every file of a folder must have the same columns.");
            }

            foreach (var (index, kind, option) in _required)
            {
                _current.Require(index, kind, option);
            }
        }

        return true;
    }

    /// <summary>The current file's next row; a gzip stream damaged after its first rows is an input problem naming the file.</summary>
    private bool NextInFile(out long line)
    {
        try
        {
            return _current.Next(out line);
        }
        catch (InvalidDataException ex)
        {
            throw new InputException($"The input file '{_files[_next - 1]}' is damaged after its first rows: {ex.Message}");
        }
    }

    /// <summary>The index of a column an option names (exact, else ignoring case); -1 without a name.</summary>
    /// <exception cref="InputException">No column has that name: the message lists the header.</exception>
    public int Column(string? name, string option)
    {
        if (name is null)
        {
            return -1;
        }

        var index = Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.Ordinal));
        if (index < 0)
        {
            index = Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        }

        return index >= 0
            ? index
            : throw new InputException($"{option} '{name}': no such column. The header has: {string.Join(", ", Header.Select(h => $"'{h}'"))}.");
    }

    /// <summary>Gets a field of the current row, null past its end.</summary>
    public string? Field(int index) => _current.Field(index);

    /// <summary>Gets a field of the current row as characters (empty past its end), without making a string where the source can avoid it.</summary>
    public ReadOnlySpan<char> Span(int index) => _current.Span(index);

    /// <summary>Checks that a column can serve as <paramref name="kind"/> (a typed Parquet column must); -1 is no column.</summary>
    public void Require(int index, ColumnKind kind, string option)
    {
        if (index >= 0)
        {
            _required.Add((index, kind, option));
            _current.Require(index, kind, option);
        }
    }

    public void Dispose() => _current.Dispose();

    private static bool IsData(string file)
    {
        var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return DataExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    private static IRowSource OpenFile(string file, string delimiter)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[4];
            var read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            stream.Position = 0;
            if (read == 4 && magic.SequenceEqual("PAR1"u8))
            {
                return new ParquetRows(stream, file);
            }

            var gzip = read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            var reader = new StreamReader(gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream, bufferSize: 1 << 16);
            var name = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
            return delimiter switch
            {
                "whitespace" => new WhitespaceRows(reader),
                "tab" => new DelimitedRows(reader, '\t'),
                "auto" => new DelimitedRows(reader, name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tab", StringComparison.OrdinalIgnoreCase) ? '\t' : ','),
                { Length: 1 } when delimiter[0] != '"' => new DelimitedRows(reader, delimiter[0]),
                _ => new CsvRows(reader, delimiter),
            };
        }
        catch (InvalidDataException ex)
        {
            stream.Dispose();
            throw new InputException($"The input file '{file}' is not a readable gzip file: {ex.Message}");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static string Quote(string[] header) => string.Join(", ", header.Select(h => $"'{h}'"));


    private sealed class CsvRows : IRowSource
    {
        private readonly CsvReader _csv;

        public CsvRows(TextReader reader, string delimiter)
        {
            _csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter,
                HasHeaderRecord = true,
                BadDataFound = null,
                MissingFieldFound = null,
                DetectColumnCountChanges = false,
                TrimOptions = TrimOptions.Trim,
            });
            if (_csv.Read())
            {
                _csv.ReadHeader();
                Header = _csv.HeaderRecord;
            }
        }

        public string[]? Header { get; }

        public bool Next(out long line)
        {
            var more = Header is not null && _csv.Read();
            line = _csv.Parser.RawRow;
            return more;
        }

        public string? Field(int index) => index < _csv.Parser.Count ? _csv.GetField(index) : null;

        public void Dispose() => _csv.Dispose();
    }

    /// <summary>Whitespace-separated columns (runs of spaces or tabs), as in the CDNOW files; no quoting.</summary>
    private sealed class WhitespaceRows : IRowSource
    {
        private static readonly char[] Separators = [' ', '\t'];
        private readonly TextReader _reader;
        private string[] _fields = [];
        private long _line;

        public WhitespaceRows(TextReader reader)
        {
            _reader = reader;
            while (_reader.ReadLine() is { } text)
            {
                _line++;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    Header = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
                    break;
                }
            }
        }

        public string[]? Header { get; }

        public bool Next(out long line)
        {
            while (_reader.ReadLine() is { } text)
            {
                _line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                _fields = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
                line = _line;
                return true;
            }

            line = _line;
            return false;
        }

        public string? Field(int index) => index < _fields.Length ? _fields[index] : null;

        public void Dispose()
        {
        }
    }
}

/// <summary>One export file's rows: a header, then rows of fields as text.</summary>
internal interface IRowSource : IDisposable
{
    string[]? Header { get; }

    bool Next(out long line);

    string? Field(int index);

    /// <summary>A field as characters, empty past the row's end.</summary>
    ReadOnlySpan<char> Span(int index) => Field(index).AsSpan();

    /// <summary>Checks that a typed column can serve as <paramref name="kind"/> (text sources hold only text: nothing to check).</summary>
    void Require(int index, ColumnKind kind, string option)
    {
    }
}

/// <summary>What a column is read as.</summary>
internal enum ColumnKind
{
    /// <summary>Any text (ids, categories).</summary>
    Text,

    /// <summary>A number (amounts, quantities, prices).</summary>
    Number,

    /// <summary>A time or date.</summary>
    Time,
}
