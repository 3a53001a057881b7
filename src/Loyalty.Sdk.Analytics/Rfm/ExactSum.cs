using System;

namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>
/// Exact sums of money in 64-bit integers of 10⁻⁴ units, much faster than decimal additions; an amount with more
/// than four decimals, or a sum that would overflow, is left to decimal arithmetic by the caller.
/// </summary>
internal static class ExactSum
{
    public const int Scale = 4;
    private static readonly long[] PowersOfTen = [1, 10, 100, 1_000, 10_000];

    public static bool TryAdd(ref long sum, decimal amount)
    {
        var scale = amount.Scale;
        if (scale > Scale)
        {
            return false;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(amount, bits);
        if (bits[2] != 0 || (uint)bits[1] >= 1u << 17)
        {
            return false; // the mantissa needs more than 49 bits (so × 10⁴ could overflow): leave it to decimal
        }

        var mantissa = ((long)bits[1] << 32) | (uint)bits[0];
        var units = mantissa * PowersOfTen[Scale - scale];
        if (bits[3] < 0)
        {
            units = -units;
        }

        var next = unchecked(sum + units);
        if (((sum ^ next) & (units ^ next)) < 0)
        {
            return false; // would overflow
        }

        sum = next;
        return true;
    }

    public static decimal ToDecimal(long units)
    {
        var magnitude = units < 0 ? unchecked((ulong)(-units)) : (ulong)units;
        return new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, units < 0, Scale);
    }
}
