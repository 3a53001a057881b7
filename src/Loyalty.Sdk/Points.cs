using System;
using System.Globalization;

namespace Loyalty.Sdk;

/// <summary>
/// An exact, signed number of loyalty points. Points are integers, never floating point, and all arithmetic is
/// checked: an overflow throws <see cref="OverflowException"/> instead of wrapping.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Value">The number of points.</param>
public readonly record struct Points(long Value) : IComparable<Points>
{
    /// <summary>Gets zero points.</summary>
    public static Points Zero => default;

    /// <summary>Gets a value indicating whether the amount is greater than zero.</summary>
    public bool IsPositive => Value > 0;

    /// <summary>Gets a value indicating whether the amount is less than zero.</summary>
    public bool IsNegative => Value < 0;

    /// <summary>Gets a value indicating whether the amount is zero.</summary>
    public bool IsZero => Value == 0;

    /// <summary>Creates an amount of points.</summary>
    /// <param name="value">The number of points.</param>
    /// <returns>The amount.</returns>
    public static Points FromInt64(long value) => new(value);

    /// <summary>Adds two amounts.</summary>
    /// <param name="other">The amount to add.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="OverflowException">The sum does not fit in 64 bits.</exception>
    public Points Plus(Points other) => new(checked(Value + other.Value));

    /// <summary>Subtracts an amount.</summary>
    /// <param name="other">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="OverflowException">The difference does not fit in 64 bits.</exception>
    public Points Minus(Points other) => new(checked(Value - other.Value));

    /// <summary>Negates the amount.</summary>
    /// <returns>The negated amount.</returns>
    /// <exception cref="OverflowException">The amount is <see cref="long.MinValue"/>.</exception>
    public Points Negate() => new(checked(-Value));

    /// <summary>Returns the smaller of two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    public static Points Min(Points left, Points right) => left.Value <= right.Value ? left : right;

    /// <summary>Returns the larger of two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The larger amount.</returns>
    public static Points Max(Points left, Points right) => left.Value >= right.Value ? left : right;

    /// <summary>Adds two amounts with overflow checking.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    public static Points operator +(Points left, Points right) => left.Plus(right);

    /// <summary>Subtracts two amounts with overflow checking.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    public static Points operator -(Points left, Points right) => left.Minus(right);

    /// <summary>Negates an amount with overflow checking.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The negated amount.</returns>
    public static Points operator -(Points value) => value.Negate();

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is smaller.</returns>
    public static bool operator <(Points left, Points right) => left.Value < right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is larger.</returns>
    public static bool operator >(Points left, Points right) => left.Value > right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is smaller or equal.</returns>
    public static bool operator <=(Points left, Points right) => left.Value <= right.Value;

    /// <summary>Compares two amounts.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>Whether <paramref name="left"/> is larger or equal.</returns>
    public static bool operator >=(Points left, Points right) => left.Value >= right.Value;

    /// <inheritdoc />
    public int CompareTo(Points other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
