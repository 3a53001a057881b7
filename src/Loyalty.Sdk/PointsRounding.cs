namespace Loyalty.Sdk;

/// <summary>How an exact (decimal) number of points is turned into whole points. The same mode is used for awards and reversals.</summary>
public enum PointsRounding
{
    /// <summary>Round down (toward negative infinity). The default: a member never gets a fraction that was not earned.</summary>
    Floor = 0,

    /// <summary>Round up (toward positive infinity).</summary>
    Ceiling = 1,

    /// <summary>Round to nearest; halves round away from zero.</summary>
    HalfUp = 2,

    /// <summary>Round to nearest; halves round to the even neighbour (banker's rounding).</summary>
    HalfEven = 3,
}
