using System;

namespace Loyalty.Sdk;

/// <summary>Applies <see cref="PointsRounding"/>.</summary>
internal static class PointsRoundingExtensions
{
    public static long Apply(this PointsRounding rounding, decimal exact)
    {
        var rounded = rounding switch
        {
            PointsRounding.Floor => decimal.Floor(exact),
            PointsRounding.Ceiling => decimal.Ceiling(exact),
            PointsRounding.HalfUp => decimal.Round(exact, 0, MidpointRounding.AwayFromZero),
            PointsRounding.HalfEven => decimal.Round(exact, 0, MidpointRounding.ToEven),
            _ => throw new ArgumentOutOfRangeException(nameof(rounding), rounding, "Unknown rounding."),
        };
        return decimal.ToInt64(rounded);
    }
}
