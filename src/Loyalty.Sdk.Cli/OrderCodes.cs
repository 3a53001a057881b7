using System;
using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Order ids as 64-bit codes: an id written as a plain number (most exports' invoice numbers) is that number, any other
/// id a negative code from a table of texts. A code names an order only with its customer (the same id under two
/// customers is two orders), so rows keep (customer, code) and need no per-order table until one is asked for.
/// </summary>
internal sealed class OrderCodes
{
    /// <summary>The code of a row without an order id (the row is then an order of its own).</summary>
    public const long None = long.MinValue;

    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private readonly List<string> _textIds = [];
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spans;

    public OrderCodes() => _spans = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
#endif

    /// <summary>The code of an id, added when new.</summary>
    public long Encode(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return None;
        }

        if (Number(id) is { } number)
        {
            return number;
        }

#if NET9_0_OR_GREATER
        if (!_spans.TryGetValue(id, out var index))
#else
        if (!_texts.TryGetValue(id.ToString(), out var index))
#endif
        {
            index = _textIds.Count;
            var text = id.ToString();
            _texts.Add(text, index);
            _textIds.Add(text);
        }

        return -1L - index;
    }

    /// <summary>The code of an id seen before, if it was.</summary>
    public bool TryCode(ReadOnlySpan<char> id, out long code)
    {
        code = None;
        if (id.IsEmpty)
        {
            return false;
        }

        if (Number(id) is { } number)
        {
            code = number;
            return true;
        }

#if NET9_0_OR_GREATER
        if (_spans.TryGetValue(id, out var index))
#else
        if (_texts.TryGetValue(id.ToString(), out var index))
#endif
        {
            code = -1L - index;
            return true;
        }

        return false;
    }

    /// <summary>The id a code stands for.</summary>
    public string Decode(long code) => code >= 0 ? code.ToString(CultureInfo.InvariantCulture) : _textIds[(int)(-1L - code)];

    /// <summary>An id written as a canonical number (digits, no leading zero, at most 18), as that number; else null.</summary>
    private static long? Number(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > 18 || (id[0] == '0' && id.Length > 1))
        {
            return null;
        }

        var value = 0L;
        foreach (var c in id)
        {
            if (c is < '0' or > '9')
            {
                return null;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
