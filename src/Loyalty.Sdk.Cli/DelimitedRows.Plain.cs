using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Loyalty.Sdk.Cli;

/// <summary>The fast path of <see cref="DelimitedRows"/>: a whole row without quotes, split in one vectorised pass.</summary>
internal sealed partial class DelimitedRows
{
    /// <summary>
    /// The common case in one pass: a whole row in the buffer with no quote in it is split at each delimiter with a
    /// vectorised search. False (nothing consumed) when the row has a quote or does not end in the buffer.
    /// </summary>
    private bool PlainRow()
    {
        var rest = _buffer.AsSpan(_start, _end - _start);
        ref var first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(rest));
        var (delimiters, newlines, quotes, returns) = (Vector128.Create((ushort)_delimiter), Vector128.Create((ushort)'\n'), Vector128.Create((ushort)'"'), Vector128.Create((ushort)'\r'));
        var fieldStart = 0;
        var at = 0;
        var end = -1;
        if (Vector128.IsHardwareAccelerated)
        {
            // Eight characters at a time: a bit per delimiter, line break and quote.
            for (; at + Vector128<ushort>.Count <= rest.Length; at += Vector128<ushort>.Count)
            {
                var chars = Vector128.LoadUnsafe(ref first, (nuint)at);
                var delimiter = Vector128.Equals(chars, delimiters).ExtractMostSignificantBits();
                var newline = Vector128.Equals(chars, newlines).ExtractMostSignificantBits();
                var quote = Vector128.Equals(chars, quotes).ExtractMostSignificantBits();
                var carriage = Vector128.Equals(chars, returns).ExtractMostSignificantBits();
                var stop = newline == 0 ? 32 : BitOperations.TrailingZeroCount(newline);
                if ((quote != 0 && BitOperations.TrailingZeroCount(quote) < stop) || (carriage != 0 && BitOperations.TrailingZeroCount(carriage) < stop - 1))
                {
                    _count = 0;
                    return false; // a quoted field, or a line break that is a lone CR: the general path
                }

                delimiter &= stop == 32 ? uint.MaxValue : (1u << stop) - 1;
                while (delimiter != 0)
                {
                    var position = at + BitOperations.TrailingZeroCount(delimiter);
                    AddTrimmed(rest, fieldStart, position);
                    fieldStart = position + 1;
                    delimiter &= delimiter - 1;
                }

                if (stop != 32)
                {
                    end = at + stop;
                    break;
                }
            }
        }

        for (; end < 0 && at < rest.Length; at++)
        {
            var c = rest[at];
            if (c == '"' || (c == '\r' && (at + 1 >= rest.Length || rest[at + 1] != '\n')))
            {
                _count = 0;
                return false;
            }

            if (c == '\n')
            {
                end = at;
            }
            else if (c == _delimiter)
            {
                AddTrimmed(rest, fieldStart, at);
                fieldStart = at + 1;
            }
        }

        if (end < 0)
        {
            _count = 0;
            return false; // the row does not end in the buffer
        }

        AddTrimmed(rest, fieldStart, end > fieldStart && rest[end - 1] == '\r' ? end - 1 : end);
        _blank = end == 0 || (end == 1 && rest[0] == '\r');
        _line++;
        _start += end + 1;
        return true;
    }

    /// <summary>Adds the field from <paramref name="from"/> to <paramref name="to"/> of the row, blanks around it trimmed.</summary>
    private void AddTrimmed(ReadOnlySpan<char> row, int from, int to)
    {
        while (from < to && IsBlank(row[from]))
        {
            from++;
        }

        while (to > from && IsBlank(row[to - 1]))
        {
            to--;
        }

        AddField(_start + from, to - from);
    }
}
