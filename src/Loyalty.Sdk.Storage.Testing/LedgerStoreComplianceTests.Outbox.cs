using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>Outbox retention: what <see cref="ILedgerStore.PruneEventsAsync"/> may delete, and what it must keep.</summary>
public abstract partial class LedgerStoreComplianceTests<TFixture>
{
    [SkippableFact]
    public async Task Outbox_Prune_DeletesOnlyWhatEveryConsumerPassed_AfterTheRetention()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        var other = new LoyaltyEngine(RewardsProgram("other"), Store, clock);
        var member = MemberId.From("m-1");
        for (var day = 0; day < 5; day++)
        {
            await engine.ExecuteAsync(new EarnActivityCommand(member, Key($"a-{day}"), "review", Points.FromInt64(5)));
            await other.ExecuteAsync(new EarnActivityCommand(member, Key($"a-{day}"), "review", Points.FromInt64(5)));
            clock.Advance(Duration.FromDays(1));
        }

        var events = await engine.Events.ReadEventsAsync(EventCursor.Start, 100);
        Assert.Equal(5, events.Count);

        // Nobody has registered: nothing goes, however old.
        Assert.Equal(0, await engine.Events.PruneEventsAsync(Duration.Zero));
        Assert.Equal(5, (await engine.Events.ReadEventsAsync(EventCursor.Start, 100)).Count);

        // Another program's consumer has read everything of its own program: it says nothing about this one.
        Assert.Equal(5, await other.Events.DeliverEventsAsync("mail", (_, _) => ValueTask.CompletedTask));
        Assert.Equal(0, await engine.Events.PruneEventsAsync(Duration.Zero));

        // One consumer has read three events, another none: nothing goes.
        await Store.SaveConsumerCursorAsync(engine.Program.Id, "mail", events[2].Cursor);
        Assert.Equal(EventCursor.Start, await engine.Events.RegisterConsumerAsync("crm"));
        Assert.Equal(0, await engine.Events.PruneEventsAsync(Duration.Zero));

        // Both have read three; of those, only the events older than the retention go (days 0 and 1 of 0..4, now day 5).
        await Store.SaveConsumerCursorAsync(engine.Program.Id, "crm", events[4].Cursor);
        Assert.Equal(2, await engine.Events.PruneEventsAsync(Duration.FromHours(84)));
        Assert.Equal(events.Skip(2).Select(e => (e.Cursor, e.Event.EventId)), (await engine.Events.ReadEventsAsync(EventCursor.Start, 100)).Select(e => (e.Cursor, e.Event.EventId)));
        Assert.Equal(5, (await other.Events.ReadEventsAsync(EventCursor.Start, 100)).Count);

        // A consumer resumes exactly where it was: the events that stay keep their cursors.
        var delivered = new List<string>();
        Assert.Equal(2, await engine.Events.DeliverEventsAsync("mail", (e, _) => { delivered.Add(e.EventId); return ValueTask.CompletedTask; }));
        Assert.Equal(events.Skip(3).Select(e => e.Event.EventId), delivered);

        // Everything read by everyone and old enough: all may go, except that a store may keep the newest.
        Assert.InRange(await engine.Events.PruneEventsAsync(Duration.Zero), 2, 3);
        var left = await engine.Events.ReadEventsAsync(EventCursor.Start, 100);
        Assert.True(left.Count == 0 || (left.Count == 1 && left[0].Cursor == events[^1].Cursor));

        // New events come after every cursor handed out before, so no consumer misses them.
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("a-new"), "review", Points.FromInt64(5)));
        var fresh = await engine.Events.ReadEventsAsync(events[^1].Cursor, 100);
        Assert.Equal("3:m-1/a-new#0", Assert.Single(fresh).Event.EventId);
        Assert.True(fresh[0].Cursor.CompareTo(events[^1].Cursor) > 0);
        Assert.Equal(1, await engine.Events.DeliverEventsAsync("crm", (_, _) => ValueTask.CompletedTask));
    }

    [SkippableFact]
    public async Task Outbox_Prune_RejectsANegativeRetention_AndTreatsAnEndlessOneAsKeepEverything()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("m-1"), Key("a-1"), "review", Points.FromInt64(5)));
        await engine.ExecuteAsync(new EarnActivityCommand(MemberId.From("m-1"), Key("a-2"), "review", Points.FromInt64(5)));
        Assert.Equal(2, await engine.Events.DeliverEventsAsync("mail", (_, _) => ValueTask.CompletedTask));
        clock.Advance(Duration.FromDays(1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Events.PruneEventsAsync(Duration.FromTicks(-1)));
        Assert.Equal(0, await engine.Events.PruneEventsAsync(Duration.MaxValue));
        Assert.Equal(0, await engine.Events.PruneEventsAsync(Duration.FromDays(2)));
        Assert.Equal(2, (await engine.Events.ReadEventsAsync(EventCursor.Start, 10)).Count);
    }
}
