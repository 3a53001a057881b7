using System;

namespace Loyalty.Sdk;

/// <summary>Decimal arithmetic that reports overflow as a result instead of throwing, for values a caller chose.</summary>
internal static class Exact
{
    /// <summary>Multiplies two decimals, or returns <see langword="false"/> when the product does not fit.</summary>
    public static bool TryMultiply(decimal left, decimal right, out decimal product)
    {
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
