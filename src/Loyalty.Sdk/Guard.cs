using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Loyalty.Sdk;

/// <summary>Argument checks that throw the BCL exception a caller expects, before anything changes.</summary>
internal static class Guard
{
    /// <summary>
    /// Compares strings in Unicode code-point order, the byte order of their UTF-8 form, which is how SQLite (BINARY)
    /// and PostgreSQL (COLLATE "C") order text. UTF-16 ordinal order differs only between surrogate pairs and
    /// U+E000..U+FFFF; this moves surrogates above that range.
    /// </summary>
    public static int CompareCodePoints(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : -1) : 1;
        }

        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a != b)
            {
                return Fix(a).CompareTo(Fix(b));
            }
        }

        return left.Length.CompareTo(right.Length);

        static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }

    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be greater than zero.");
        }

        return value;
    }

    public static long Positive(long value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be greater than zero.");
        }

        return value;
    }

    /// <summary>Checks that an instant lies in [<see cref="LoyaltyLimits.EarliestInstant"/>, <see cref="LoyaltyLimits.LatestInstant"/>).</summary>
    public static NodaTime.Instant InRange(NodaTime.Instant value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < LoyaltyLimits.EarliestInstant || value >= LoyaltyLimits.LatestInstant)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The instant must be at or after {LoyaltyLimits.EarliestInstant} and before {LoyaltyLimits.LatestInstant}.");
        }

        return value;
    }

    /// <summary>Checks a window (a reminder's, a digest's horizon): not negative (or, when required, positive), at most <see cref="LoyaltyLimits.MaxWindow"/>.</summary>
    public static NodaTime.Duration Window(NodaTime.Duration value, bool positive = false, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < NodaTime.Duration.Zero || (positive && value == NodaTime.Duration.Zero) || value > LoyaltyLimits.MaxWindow)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The window must be {(positive ? "positive" : "zero or positive")} and at most {LoyaltyLimits.MaxWindow.Days} days.");
        }

        return value;
    }

    public static void NotDefault(bool isDefault, string name)
    {
        if (isDefault)
        {
            throw new ArgumentException("The value is the default (uninitialised) instance of its type.", name);
        }
    }

    /// <summary>Checks free text that is stored verbatim: not empty, bounded, storable in every adapter.</summary>
    public static string Text(string? value, int maxLength, string? name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return TextProblem(value, maxLength) is { } problem ? throw new ArgumentException(problem, name) : value;
    }

    /// <summary>Why a text is not valid as an id or a name (see <see cref="Text"/>), or <see langword="null"/> when it is.</summary>
    public static string? TextProblem(string? value, int maxLength)
    {
        if (value is null || value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            return "The value must not be empty or white space.";
        }

        if (value.Length > maxLength)
        {
            return $"The value is {value.Length} characters long; at most {maxLength} are allowed.";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "The value must not contain NUL characters.";
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return "The value contains an unpaired surrogate (not valid UTF-16).";
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return "The value contains an unpaired surrogate (not valid UTF-16).";
            }
        }

        return null;
    }

    public static IReadOnlyList<T> NotEmpty<T>([NotNull] IReadOnlyList<T>? values, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one item is required.", name);
        }

        return values;
    }
}
