using System;
using System.Globalization;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Tiers;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Engagement tasks: actions (orders, activities) count toward them, and a completed task credits its points.</summary>
internal static class TaskCounting
{
    public static bool CountsForTask(LoyaltyProgram program, string action)
    {
        foreach (var task in program.Engagement.Tasks)
        {
            if (string.Equals(task.Action, action, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts one action toward every task of that action; a task reaching its count awards its points, once per period.</summary>
    public static void Count(AccountDraft draft, string action)
    {
        foreach (var task in draft.Program.Engagement.Tasks)
        {
            if (!string.Equals(task.Action, action, StringComparison.Ordinal))
            {
                continue;
            }

            var start = CounterSet.Start(task.Period, draft.Today);
            var done = draft.Counters.Value(task.Counter, start);
            if (done >= task.Count)
            {
                continue; // completed this period: further actions count for nothing
            }

            draft.Counters.Add(task.Counter, start, 1);
            if (done + 1 < task.Count)
            {
                continue;
            }

            CreditActivity(draft, Points.FromInt64(task.Points), task.EntryActivityType);
            draft.Publish(new TaskCompleted
            {
                TaskId = task.Id,
                PeriodStart = start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                Points = task.Points,
            });
        }
    }

    /// <summary>Writes an activity's Earn entry (a lot when there are points); its points count toward tiers.</summary>
    public static void CreditActivity(AccountDraft draft, Points points, string activityType)
    {
        var sequence = draft.NextSequence();
        var movements = draft.Moves();
        var settled = points.IsPositive ? draft.Credit(sequence, points, draft.Now, null, movements) : Points.Zero;
        var entry = draft.Entry(sequence, LedgerEntryKind.Earn, points, movements.ToArray(), activityType: activityType, debtChange: settled.Negate(),
            qualifying: new QualifyingChange(draft.Today, points.Value, 0m, 0));
        draft.Add(entry, PointsEvents.Earned(entry));
    }
}
