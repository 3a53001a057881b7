using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.DependencyInjection.Tests;

public sealed class LoyaltyJobsTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task TheWorker_RunsTheExpiryJobDailyAtTheProgramsLocalTime()
    {
        var (builder, clock, store) = HostWithJobs(p => p.Expiry = ExpiryPolicy.AfterDays(10), _ => { });
        using var host = builder.Build();
        var engine = host.Services.GetRequiredService<LoyaltyEngine>();
        var ana = MemberId.From("ana");
        await engine.ExecuteAsync(new EarnActivityCommand(ana, IdempotencyKey.From("a"), "signup", Points.FromInt64(100)));

        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        LedgerEntry? expiry = null;
        while (expiry is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            expiry = (await store.ReadEntriesUpToAsync(engine.Program.Id, ana, Instant.MaxValue)).FirstOrDefault(e => e.Kind == LedgerEntryKind.Expire);
        }

        await host.StopAsync();
        Assert.NotNull(expiry);
        var written = expiry.RecordedAt.InZone(Berlin);
        Assert.Equal(new LocalTime(3, 0), written.TimeOfDay); // written by the 03:00 run
        Assert.Equal(new LocalDate(2026, 3, 12), written.Date); // the first 03:00 run after the points expired (valid through 11 March)
    }

    [Fact]
    public void NextRun_IsTheNextLocalRunTime_AndSkipsAhead_OnADstGap()
    {
        var program = new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR", TimeZoneId = "Europe/Berlin" }.Build();
        var before = new LocalDateTime(2026, 3, 28, 23, 0).InZoneStrictly(Berlin).ToInstant();
        var next = LoyaltyJobsWorker.NextRun(program, new LocalTime(2, 30), before);
        Assert.Equal(new LocalDateTime(2026, 3, 29, 3, 30), next.InZone(Berlin).LocalDateTime); // 02:30 does not exist that night
        var after = LoyaltyJobsWorker.NextRun(program, new LocalTime(3, 0), new LocalDateTime(2026, 5, 4, 3, 0).InZoneStrictly(Berlin).ToInstant());
        Assert.Equal(new LocalDateTime(2026, 5, 5, 3, 0), after.InZone(Berlin).LocalDateTime);
    }

    [Fact]
    public async Task TheDailyRun_AlsoGrantsBirthdaysAndWritesReminders_AndAConsumerReceivesTheEventsAtLeastOnce()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<Events.LoyaltyEvent>();
        var failures = 0;
        var (builder, _, _) = HostWithJobs(
            p =>
            {
                p.Expiry = ExpiryPolicy.AfterDays(10);
                p.Engagement = new Engagement.EngagementRules
                {
                    Celebrations = [new Engagement.CelebrationRule { Kind = Engagement.CelebrationKind.Birthday, Points = 5 }],
                };
            },
            o => o.ExpiryReminderWindow = Duration.FromDays(30),
            loyalty => loyalty.AddEventConsumer("mail", (e, services, _) =>
            {
                Assert.NotNull(services.GetService<LoyaltyEngine>());
                if (e is Events.PointsExpiringSoon && Interlocked.Increment(ref failures) == 1)
                {
                    throw new InvalidOperationException("smtp down"); // the first attempt fails: the batch comes again
                }

                received.Enqueue(e);
                return ValueTask.CompletedTask;
            }, o => o.PollInterval = TimeSpan.FromMilliseconds(10)));
        using var host = builder.Build();
        var engine = host.Services.GetRequiredService<LoyaltyEngine>();
        var ana = MemberId.From("ana");
        await engine.ExecuteAsync(new EarnActivityCommand(ana, IdempotencyKey.From("a"), "signup", Points.FromInt64(100)));
        await engine.ExecuteAsync(new SetProfileCommand(ana, IdempotencyKey.From("p"), new AnnualDate(3, 2), null));

        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(received.Any(e => e is Events.PointsExpiringSoon) && received.Any(e => e is Events.PointsEarned { Reason: "birthday:2026" })) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        Assert.Contains(received, e => e is Events.PointsEarned { Reason: "birthday:2026", Points: 5 });
        var reminder = Assert.IsType<Events.PointsExpiringSoon>(received.First(e => e is Events.PointsExpiringSoon));
        Assert.Equal(105, reminder.Points); // the signup points and the birthday gift (granted first, same run), both expiring within 30 days
        Assert.True(failures >= 2);
        Assert.Single(received, e => e is Events.PointsEarned { Points: 100 }); // delivered before the failing batch, not again
    }

    [Fact]
    public async Task TheDailyRun_PrunesTheEventsEveryConsumerPassed_OnceTheRetentionHasElapsed()
    {
        var (builder, clock, store) = HostWithJobs(_ => { }, o => o.EventRetention = Duration.FromDays(2));
        using var host = builder.Build();
        var engine = host.Services.GetRequiredService<LoyaltyEngine>();
        var ana = MemberId.From("ana");
        await engine.ExecuteAsync(new EarnActivityCommand(ana, IdempotencyKey.From("a"), "signup", Points.FromInt64(100)));
        await engine.ExecuteAsync(new EarnActivityCommand(ana, IdempotencyKey.From("b"), "signup", Points.FromInt64(100)));
        Assert.Equal(2, await engine.Events.DeliverEventsAsync("mail", (_, _) => ValueTask.CompletedTask, batchSize: 1));
        await engine.Events.RegisterConsumerAsync("crm");
        var crmCursor = (await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10))[0].Cursor;
        await store.SaveConsumerCursorAsync(engine.Program.Id, "crm", crmCursor); // crm has read the first event only

        await host.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10)).Count == 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        var left = await engine.Events.ReadEventsAsync(Events.EventCursor.Start, 10);
        Assert.Equal("3:ana/b#0", Assert.Single(left).Event.EventId); // the first went once both had passed it and two days had gone by
        Assert.True(clock.GetCurrentInstant() - left[0].Event.OccurredAt >= Duration.FromDays(2));
    }

    [Fact]
    public void AddJobs_RejectsANegativeEventRetention()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddLoyalty(o => o.AddProgram(p => { p.Id = "shop"; p.BaseCurrency = "EUR"; }))
            .AddJobs(o => o.EventRetention = Duration.FromSeconds(-1)));
    }

    /// <summary>A host with program "shop" (Berlin) on an in-memory store and the jobs worker, whose waits move a fake clock.</summary>
    private static (HostApplicationBuilder Builder, FakeClock Clock, InMemoryLedgerStore Store) HostWithJobs(
        Action<LoyaltyProgramBuilder> program, Action<LoyaltyJobOptions> jobs, Action<LoyaltyBuilder>? more = null)
    {
        var clock = new FakeClock(new LocalDateTime(2026, 3, 1, 12, 0).InZoneStrictly(Berlin).ToInstant());
        var store = new InMemoryLedgerStore();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IClock>(clock);
        var loyalty = builder.Services.AddLoyalty(o => o.AddProgram(p =>
            {
                p.Id = "shop";
                p.BaseCurrency = "EUR";
                p.TimeZoneId = "Europe/Berlin";
                program(p);
            }))
            .UseStore(_ => store)
            .AddJobs(o =>
            {
                jobs(o);
                o.Delay = async (wait, ct) =>
                {
                    clock.Advance(Duration.FromTimeSpan(wait));
                    await Task.Delay(1, ct);
                };
            });
        more?.Invoke(loyalty);
        return (builder, clock, store);
    }
}
