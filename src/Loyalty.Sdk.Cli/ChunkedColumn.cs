using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// A growing column of values kept in fixed chunks, so that growing never copies what is stored (a list doubling
/// its array copies everything, and briefly holds both).
/// </summary>
internal sealed class ChunkedColumn<T>
{
    private const int Shift = 16;
    private const int ChunkSize = 1 << Shift;
    private readonly List<T[]> _chunks = [];
    private int _count;

    public int Count => _count;

    public T this[int index] => _chunks[index >> Shift][index & (ChunkSize - 1)];

    public void Add(T value)
    {
        if ((_count & (ChunkSize - 1)) == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[_count >> Shift][_count & (ChunkSize - 1)] = value;
        _count++;
    }

    public T[] ToArray()
    {
        var array = new T[_count];
        for (var c = 0; c < _chunks.Count; c++)
        {
            var length = Math.Min(ChunkSize, _count - (c << Shift));
            Array.Copy(_chunks[c], 0, array, c << Shift, length);
        }

        return array;
    }
}
