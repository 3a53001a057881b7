using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>A reusable map between text ids and dense integers 0, 1, 2, … in order of first appearance.</summary>
/// <remarks>
/// <para>This type is not thread-safe.</para>
/// <para>
/// Built for exports with millions of rows and hundreds of thousands of ids: the ids' characters are kept end to end in
/// one buffer, and an open-addressing table holds each id's 64-bit hash beside its index, so that finding a known id
/// costs one probe and one comparison, and makes no string. The hash is seeded per process, so crafted ids cannot
/// be made to collide.
/// </para>
/// </remarks>
public sealed class IdEncoder
{
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;
    private Slot[] _slots = new Slot[64];
    private char[] _chars = new char[256];
    private int _used;
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private string?[] _strings = new string?[16];
    private int _count;
    private ulong[] _hashes = [];

    /// <summary>Gets how many ids are encoded.</summary>
    public int Count => _count;

    /// <summary>Gets the index of an id, adding it when new.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Its index.</returns>
    public int Encode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var index = Encode(id.AsSpan());
        _strings[index] ??= id;
        return index;
    }

    /// <summary>Gets the index of an id given as characters, adding it when new.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Its index.</returns>
    public int Encode(ReadOnlySpan<char> id) => Encode(id, Hash(id));

    private int Encode(ReadOnlySpan<char> id, ulong hash)
    {
        var mask = _slots.Length - 1;
        var at = (int)((hash >> 24) & (ulong)mask);
        while (true)
        {
            ref var slot = ref _slots[at];
            if (slot.Hash == 0)
            {
                break;
            }

            if (slot.Hash == hash && Chars(slot.Index).SequenceEqual(id))
            {
                return slot.Index;
            }

            at = (at + 1) & mask;
        }

        var index = Add(id);
        _slots[at] = new Slot(hash, index);
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }

        return index;
    }

    /// <summary>
    /// Gets the indexes of many ids at once, adding the new ones in order: the same as encoding them one by one, but
    /// faster on large tables, as the table's memory is fetched ahead of the lookups instead of one miss at a time.
    /// </summary>
    /// <param name="chars">The ids' characters.</param>
    /// <param name="starts">Per id, where its characters start in <paramref name="chars"/>.</param>
    /// <param name="lengths">Per id, how many characters it has.</param>
    /// <param name="indexes">Receives each id's index.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or an id is outside <paramref name="chars"/>.</exception>
    public void Encode(ReadOnlySpan<char> chars, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<int> indexes)
    {
        if (starts.Length != lengths.Length || indexes.Length != starts.Length)
        {
            throw new ArgumentException("Every span must have one element per id.", nameof(indexes));
        }

        const int Ahead = 12;
        if (_hashes.Length < starts.Length)
        {
            _hashes = new ulong[starts.Length];
        }

        for (var i = 0; i < starts.Length; i++)
        {
            _hashes[i] = Hash(chars.Slice(starts[i], lengths[i]));
        }

        for (var i = 0; i < starts.Length; i++)
        {
            if (i + Ahead < starts.Length)
            {
                Prefetch(_hashes[i + Ahead]);
            }

            indexes[i] = Encode(chars.Slice(starts[i], lengths[i]), _hashes[i]);
        }
    }

    /// <summary>Gets the id of an index.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No id has that index.</exception>
    public string Decode(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _strings[index] ??= Chars(index).ToString();
    }

    /// <summary>Gets the index of a known id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="index">The index, when known.</param>
    /// <returns>Whether the id is known.</returns>
    public bool TryGetIndex(string id, out int index)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryGetIndex(id.AsSpan(), out index);
    }

    /// <summary>Gets the index of a known id given as characters.</summary>
    /// <param name="id">The id.</param>
    /// <param name="index">The index, when known.</param>
    /// <returns>Whether the id is known.</returns>
    public bool TryGetIndex(ReadOnlySpan<char> id, out int index)
    {
        var hash = Hash(id);
        var mask = _slots.Length - 1;
        for (var at = (int)((hash >> 24) & (ulong)mask); _slots[at].Hash != 0; at = (at + 1) & mask)
        {
            if (_slots[at].Hash == hash && Chars(_slots[at].Index).SequenceEqual(id))
            {
                index = _slots[at].Index;
                return true;
            }
        }

        index = -1;
        return false;
    }

    /// <summary>A seeded 64-bit hash of the characters, never 0 (0 marks an empty slot).</summary>
    private static ulong Hash(ReadOnlySpan<char> id)
    {
        var bytes = MemoryMarshal.AsBytes(id);
        var hash = unchecked(Seed ^ ((ulong)bytes.Length * 0x9E3779B97F4A7C15));
        while (bytes.Length >= 8)
        {
            hash = unchecked((hash ^ MemoryMarshal.Read<ulong>(bytes)) * 0xBF58476D1CE4E5B9);
            hash ^= hash >> 31;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        hash = unchecked((hash ^ tail) * 0x94D049BB133111EB);
        hash ^= hash >> 29;
        return hash | 1;
    }

    /// <summary>Asks the processor to fetch the slot a hash starts at, without waiting for it.</summary>
    private unsafe void Prefetch(ulong hash)
    {
        if (Sse.IsSupported)
        {
            fixed (Slot* slots = _slots)
            {
                Sse.Prefetch0(slots + (int)((hash >> 24) & (ulong)(_slots.Length - 1)));
            }
        }
    }

    private ReadOnlySpan<char> Chars(int index) => _chars.AsSpan(_starts[index], _lengths[index]);

    private int Add(ReadOnlySpan<char> id)
    {
        if (_used + id.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + id.Length));
        }

        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _lengths, _count * 2);
            Array.Resize(ref _strings, _count * 2);
        }

        id.CopyTo(_chars.AsSpan(_used));
        _starts[_count] = _used;
        _lengths[_count] = id.Length;
        _used += id.Length;
        return _count++;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Hash == 0)
            {
                continue;
            }

            var at = (int)((slot.Hash >> 24) & (ulong)mask);
            while (_slots[at].Hash != 0)
            {
                at = (at + 1) & mask;
            }

            _slots[at] = slot;
        }
    }

    private readonly record struct Slot(ulong Hash, int Index);
}
