using System;

namespace Loyalty.Sdk.Analytics;

/// <summary>Which group a record belongs to (−1: none), and what it contributes there.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal interface IGroupedRecords<out T>
{
    int Group(int record);

    T Value(int record);
}

/// <summary>
/// Records grouped by a dense key in O(records) with a counting sort: compressed rows, where group g's values are
/// <c>Values[Start[g]..Start[g + 1]]</c> in record order. What baskets, histories and the churn features' purchase
/// days are all built from. The source is a struct, so its two calls per record are compiled in, not called through.
/// </summary>
internal static class CompressedRows
{
    public static (int[] Start, T[] Values) Group<T, TRecords>(int groups, int records, TRecords source)
        where TRecords : struct, IGroupedRecords<T>
    {
        var start = new int[groups + 1];
        for (var r = 0; r < records; r++)
        {
            if (source.Group(r) is var g and >= 0)
            {
                start[g + 1]++;
            }
        }

        for (var g = 0; g < groups; g++)
        {
            start[g + 1] += start[g];
        }

        var values = GC.AllocateUninitializedArray<T>(start[groups]); // every slot is written below
        var fill = start[..^1];
        for (var r = 0; r < records; r++)
        {
            if (source.Group(r) is var g and >= 0)
            {
                values[fill[g]++] = source.Value(r);
            }
        }

        return (start, values);
    }
}
