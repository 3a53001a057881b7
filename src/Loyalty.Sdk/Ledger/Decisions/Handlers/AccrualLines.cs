using System;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>What an order's accrual lines mean for tiers: which lines qualify, and the spend returned so far.</summary>
internal static class AccrualLines
{
    /// <summary>Whether a line counts toward tiers (lines of excluded categories do not).</summary>
    public static bool Qualifies(AccrualLine line)
    {
        foreach (var rule in line.Rules)
        {
            if (rule.StartsWith("excluded:", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The qualifying spend of an order's lines.</summary>
    public static decimal QualifyingSpend(AccrualLine[] lines)
    {
        var spend = 0m;
        foreach (var line in lines)
        {
            spend += Qualifies(line) ? line.BaseAmount : 0m;
        }

        return spend;
    }

    public static bool AllQualifyingReturned(AccrualLine[] lines) =>
        Array.TrueForAll(lines, l => !Qualifies(l) || l.ReturnedUnits == l.Units);

    /// <summary>
    /// The qualifying spend returned so far: each line's base amount × returned units ÷ units, rounded to 12 places
    /// (exactly the base amount once every unit is back), so that the changes of successive returns telescope.
    /// </summary>
    public static decimal ReturnedSpend(AccrualLine[] lines)
    {
        var sum = 0m;
        foreach (var line in lines)
        {
            if (Qualifies(line) && line.ReturnedUnits > 0)
            {
                sum += line.ReturnedUnits == line.Units ? line.BaseAmount : decimal.Round(line.BaseAmount * line.ReturnedUnits / line.Units, 12);
            }
        }

        return sum;
    }
}
