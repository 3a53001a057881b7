using System;
using System.Buffers;
using System.IO;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// A delimited text file with a header row (RFC 4180 quoting: a field in double quotes may hold the delimiter, line
/// breaks and doubled quotes), read a buffer at a time with fields handed out as spans, so that reading a row
/// allocates nothing. Spaces around a field are trimmed; empty lines are skipped; a short row's missing fields are
/// empty.
/// </summary>
internal sealed partial class DelimitedRows : IRowSource
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly SearchValues<char> _special;
    private char[] _buffer;
    private int _start; // the current row's first character
    private int _end; // the end of the characters read
    private bool _done;
    private int[] _fields = new int[32]; // start and length of each field (a negative start: in _unquoted)
    private int _count;
    private char[] _unquoted = new char[256];
    private int _unquotedLength;
    private long _line; // lines consumed so far (1-based line of the next row is _line + 1)
    private bool _blank; // the row is an empty line (skipped)

    /// <param name="reader">The text.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="bufferSize">The characters read at a time (a row longer than that grows the buffer).</param>
    public DelimitedRows(TextReader reader, char delimiter, int bufferSize = 1 << 20)
    {
        _reader = reader;
        _buffer = new char[Math.Max(bufferSize, 4)];
        _delimiter = delimiter;
        _special = SearchValues.Create([delimiter, '"', '\n', '\r']);
        if (Next(out _))
        {
            var header = new string[_count];
            for (var i = 0; i < _count; i++)
            {
                header[i] = Span(i).ToString();
            }

            Header = header;
        }
    }

    public string[]? Header { get; }

    public bool Next(out long line)
    {
        while (true)
        {
            if (!ParseRow(out line))
            {
                return false;
            }

            if (!_blank)
            {
                return true;
            }
        }
    }

    public string? Field(int index) => index >= 0 && index < _count ? Span(index).ToString() : null;

    public ReadOnlySpan<char> Span(int index)
    {
        if (index < 0 || index >= _count)
        {
            return [];
        }

        var start = _fields[2 * index];
        var length = _fields[(2 * index) + 1];
        return start >= 0 ? _buffer.AsSpan(start, length) : _unquoted.AsSpan(-start - 1, length);
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Splits the next row into fields; false at the end of the file.</summary>
    private bool ParseRow(out long line)
    {
        _count = 0;
        _unquotedLength = 0;
        _blank = false;
        line = _line + 1;
        var position = _start;
        if (!Ensure(ref position))
        {
            return false;
        }

        if (PlainRow())
        {
            return true;
        }

        while (true)
        {
            // One field: skip leading blanks, then quoted or plain.
            while (Ensure(ref position) && IsBlank(_buffer[position]))
            {
                position++;
            }

            if (position < _end && _buffer[position] == '"')
            {
                position = Quoted(position + 1);
            }
            else
            {
                var fieldStart = position;
                while (true)
                {
                    var rest = _buffer.AsSpan(position, _end - position);
                    var at = rest.IndexOfAny(_special);
                    if (at >= 0)
                    {
                        if (rest[at] == '"')
                        {
                            position += at + 1; // a quote inside a plain field is kept as it is
                            continue;
                        }

                        position += at;
                        break;
                    }

                    var (fieldOffset, endOffset) = (fieldStart - _start, _end - _start);
                    var more = Refill();
                    (fieldStart, position) = (_start + fieldOffset, _start + endOffset);
                    if (!more)
                    {
                        break;
                    }
                }

                var length = position - fieldStart;
                while (length > 0 && IsBlank(_buffer[fieldStart + length - 1]))
                {
                    length--;
                }

                AddField(fieldStart, length);
            }

            // After a field: a delimiter, a line break, or the end.
            if (!Ensure(ref position))
            {
                _start = position;
                return true;
            }

            var c = _buffer[position];
            if (c == _delimiter)
            {
                position++;
                continue;
            }

            _blank = c is '\r' or '\n' && position == _start;
            if (c == '\r')
            {
                position++;
                if (Ensure(ref position) && _buffer[position] == '\n')
                {
                    position++;
                }
            }
            else if (c == '\n')
            {
                position++;
            }
            else
            {
                // Text after a closing quote: ignored up to the next delimiter or line break.
                position++;
                while (Ensure(ref position) && _buffer[position] != _delimiter && _buffer[position] is not ('\r' or '\n'))
                {
                    position++;
                }

                if (position < _end && _buffer[position] == _delimiter)
                {
                    position++;
                    continue;
                }

                if (position >= _end)
                {
                    _start = position;
                    return true;
                }

                position += _buffer[position] == '\r' && position + 1 < _end && _buffer[position + 1] == '\n' ? 2 : 1;
                _line++;
                _start = position;
                return true;
            }

            _line++;
            _start = position;
            return true;
        }
    }

    /// <summary>Whether a character is trimmed around a field: spaces (as CsvHelper trims; a tab may be data).</summary>
    private bool IsBlank(char c) => c == ' ' && _delimiter != ' ';

    /// <summary>Reads a quoted field starting after its opening quote; returns the position after its closing quote.</summary>
    private int Quoted(int position)
    {
        var length = 0;
        var begin = _unquotedLength;
        while (true)
        {
            if (!Ensure(ref position))
            {
                break; // an unterminated quote ends with the file
            }

            var c = _buffer[position];
            if (c == '"')
            {
                position++;
                if (Ensure(ref position) && _buffer[position] == '"')
                {
                    Append(ref length, '"');
                    position++;
                    continue;
                }

                break;
            }

            if (c == '\n')
            {
                _line++;
            }

            Append(ref length, c);
            position++;
        }

        // Trailing blanks after the closing quote are skipped.
        while (Ensure(ref position) && IsBlank(_buffer[position]))
        {
            position++;
        }

        AddField(-begin - 1, length);
        return position;
    }

    private void Append(ref int length, char c)
    {
        if (_unquotedLength == _unquoted.Length)
        {
            Array.Resize(ref _unquoted, _unquoted.Length * 2);
        }

        _unquoted[_unquotedLength++] = c;
        length++;
    }

    private void AddField(int start, int length)
    {
        if ((2 * _count) + 2 > _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[2 * _count] = start;
        _fields[(2 * _count) + 1] = length;
        _count++;
    }

    /// <summary>Makes sure a character is available at <paramref name="position"/>, reading more (and moving the current row to the front) when needed.</summary>
    private bool Ensure(ref int position)
    {
        if (position < _end)
        {
            return true;
        }

        var offset = position - _start;
        if (!Refill())
        {
            position = _start + offset;
            return false;
        }

        position = _start + offset;
        return position < _end;
    }

    /// <summary>Moves the current row to the front of the buffer and reads more; false at the end of the file.</summary>
    private bool Refill()
    {
        if (_done)
        {
            return false;
        }

        var kept = _end - _start;
        if (_start > 0)
        {
            // Fields already found move with the row.
            Array.Copy(_buffer, _start, _buffer, 0, kept);
            for (var i = 0; i < _count; i++)
            {
                if (_fields[2 * i] >= 0)
                {
                    _fields[2 * i] -= _start;
                }
            }
        }

        _start = 0;
        _end = kept;
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2); // one row longer than the buffer
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _done = true;
            return false;
        }

        _end += read;
        return true;
    }
}
