using System;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>The program's cap on the points a member earns per period, shared by orders and activities.</summary>
internal static class MemberCap
{
    /// <summary>What the member may still earn in the current cap period, if the program caps it.</summary>
    public static (Points Points, string Rule)? Allowance(AccountDraft draft)
    {
        if (draft.Program.Earning.MaxPointsPerMemberPerPeriod is not { } cap)
        {
            return null;
        }

        var period = draft.Program.Earning.MemberCapPeriod;
        var start = CounterSet.Start(period, draft.Today);
        var left = Math.Max(0, cap.Value - draft.Counters.Value(CounterKey.Earned, start));
        return (Points.FromInt64(left), $"member-cap:{cap} per {CounterSet.Describe(period, start)}");
    }

    /// <summary>Adds earned points to the current cap period's counter (gross: returns do not give the allowance back).</summary>
    public static void CountEarned(AccountDraft draft, Points points)
    {
        if (draft.Program.Earning.MaxPointsPerMemberPerPeriod is not null)
        {
            draft.Counters.Add(CounterKey.Earned, CounterSet.Start(draft.Program.Earning.MemberCapPeriod, draft.Today), points.Value);
        }
    }
}
