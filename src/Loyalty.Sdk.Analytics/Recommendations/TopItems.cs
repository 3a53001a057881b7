using System;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>
/// The best <c>capacity</c> items offered, by score (higher first) and then item index (lower first), so that equal
/// scores always resolve the same way: a heap whose root is the worst item kept.
/// </summary>
internal sealed class TopItems(int capacity)
{
    private readonly ItemScore[] _heap = new ItemScore[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Offer(ItemScore candidate)
    {
        if (Count < _heap.Length)
        {
            _heap[Count] = candidate;
            SiftUp(Count++);
        }
        else if (Better(candidate, _heap[0]))
        {
            _heap[0] = candidate;
            SiftDown(0);
        }
    }

    /// <summary>Empties the heap into <paramref name="target"/>, best first; returns how many items it held.</summary>
    public int DrainInto(Span<ItemScore> target)
    {
        var count = Count;
        for (var i = count - 1; i >= 0; i--)
        {
            target[i] = _heap[0];
            _heap[0] = _heap[--Count];
            SiftDown(0);
        }

        return count;
    }

    /// <summary>Whether <paramref name="a"/> ranks above <paramref name="b"/>.</summary>
    internal static bool Better(ItemScore a, ItemScore b) => a.Score > b.Score || (a.Score == b.Score && a.Item < b.Item);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_heap[parent], _heap[i]))
            {
                break;
            }

            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var (left, right) = ((2 * i) + 1, (2 * i) + 2);
            if (left < Count && Better(_heap[worst], _heap[left]))
            {
                worst = left;
            }

            if (right < Count && Better(_heap[worst], _heap[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}
