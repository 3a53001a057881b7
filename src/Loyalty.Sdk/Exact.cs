using System;

namespace Loyalty.Sdk;

/// <summary>Decimal arithmetic that reports overflow as a result instead of throwing, for values a caller chose.</summary>
internal static class Exact
{
    /// <summary>Multiplies two decimals, or returns <see langword="false"/> when the product does not fit.</summary>
    public static bool TryMultiply(decimal left, decimal right, out decimal product)
    {
        // A factor of magnitude at most 1 cannot make the product larger than the other factor: the common case.
        if (Math.Abs(left) <= 1m || Math.Abs(right) <= 1m)
        {
            product = left * right;
            return true;
        }

        try
        {
            product = left * right;
            return true;
        }
        catch (OverflowException)
        {
            product = 0m;
            return false;
        }
    }

    /// <summary>Divides by a non-zero divisor, or returns <see langword="false"/> when the quotient does not fit.</summary>
    public static bool TryDivide(decimal dividend, decimal divisor, out decimal quotient)
    {
        if (Math.Abs(divisor) >= 1m)
        {
            quotient = dividend / divisor;
            return true;
        }

        try
        {
            quotient = dividend / divisor;
            return true;
        }
        catch (OverflowException)
        {
            quotient = 0m;
            return false;
        }
    }
}
