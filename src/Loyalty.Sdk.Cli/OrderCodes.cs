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

    private const long MaxSpan = 1L << 27; // numbers tracked exactly: within 134 million of the first (16 MB of bits)
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private ulong[] _used = [];
    private long _base = -1;
    private bool _untracked; // a number outside the tracked span was used: every number may have been
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
            Use(number);
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

    /// <summary>
    /// Whether a code may belong to an id given to <see cref="Encode"/>: exact for the numbers near the first one seen
    /// (a bit each), true for any other number once one was seen outside that span.
    /// </summary>
    public bool MayBeUsed(long code)
    {
        if (code < 0 || _untracked)
        {
            return true;
        }

        var offset = code - _base;
        return _base >= 0 && offset >= 0 && (offset >> 6) < _used.Length && (_used[offset >> 6] & (1UL << (int)(offset & 63))) != 0;
    }

    /// <summary>The id a code stands for.</summary>
    public string Decode(long code) => code >= 0 ? code.ToString(CultureInfo.InvariantCulture) : _textIds[(int)(-1L - code)];

    private void Use(long number)
    {
        if (_untracked)
        {
            return;
        }

        if (_base < 0)
        {
            _base = Math.Max(0, number - (MaxSpan / 2));
        }

        var offset = number - _base;
        if (offset < 0 || offset >= MaxSpan)
        {
            (_untracked, _used) = (true, []);
            return;
        }

        var word = (int)(offset >> 6);
        if (word >= _used.Length)
        {
            Array.Resize(ref _used, (int)Math.Min(MaxSpan >> 6, Math.Max(word + 1, _used.Length * 2L)));
        }

        _used[word] |= 1UL << (int)(offset & 63);
    }

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
