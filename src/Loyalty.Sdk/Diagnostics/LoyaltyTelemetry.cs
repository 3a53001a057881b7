using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Loyalty.Sdk.Diagnostics;

/// <summary>
/// The names under which Loyalty.Sdk reports: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both called <c>Loyalty.Sdk</c>. Subscribe with OpenTelemetry
/// (<c>AddMeter("Loyalty.Sdk")</c>, <c>AddSource("Loyalty.Sdk")</c>) or any listener.
/// </summary>
/// <remarks>
/// <para>Instruments (all tagged <c>loyalty.program</c>):</para>
/// <list type="bullet">
/// <item><c>loyalty.commands</c> (counter, {command}): commands run, tagged <c>loyalty.command</c> (earn, redeem, …) and <c>loyalty.outcome</c> (committed, replayed, rejected, previewed), and <c>loyalty.rejection</c> when rejected.</item>
/// <item><c>loyalty.command.duration</c> (histogram, s): time from the call to the result.</item>
/// <item><c>loyalty.points.earned</c>, <c>loyalty.points.redeemed</c>, <c>loyalty.points.expired</c> (counters, {point}): points moved by committed commands.</item>
/// <item><c>loyalty.concurrency.conflicts</c> (counter, {conflict}): commits refused because another command changed the account first; each is retried.</item>
/// <item><c>loyalty.concurrency.exhausted</c> (counter, {command}): commands that gave up after the last attempt.</item>
/// </list>
/// <para>Activities: <c>loyalty.command</c> per command (tags as above), with children <c>loyalty.store.load</c> and <c>loyalty.store.commit</c> per store call.</para>
/// </remarks>
public static class LoyaltyTelemetry
{
    /// <summary>The name of the meter and the activity source.</summary>
    public const string Name = "Loyalty.Sdk";

    private static readonly string? Version = typeof(LoyaltyTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    internal static readonly ActivitySource Source = new(Name, Version);
    internal static readonly Meter Meter = new(Name, Version);
    internal static readonly Counter<long> Commands = Meter.CreateCounter<long>("loyalty.commands", "{command}", "Commands run, by command, outcome and rejection reason.");
    internal static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>("loyalty.command.duration", "s", "Time from the call to the result of a command.");
    internal static readonly Counter<long> PointsEarned = Meter.CreateCounter<long>("loyalty.points.earned", "{point}", "Points credited by committed earns.");
    internal static readonly Counter<long> PointsRedeemed = Meter.CreateCounter<long>("loyalty.points.redeemed", "{point}", "Points debited by committed redemptions.");
    internal static readonly Counter<long> PointsExpired = Meter.CreateCounter<long>("loyalty.points.expired", "{point}", "Points expired by committed expiry entries.");
    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("loyalty.concurrency.conflicts", "{conflict}", "Commits refused because another command changed the account first (each is retried).");
    internal static readonly Counter<long> Exhausted = Meter.CreateCounter<long>("loyalty.concurrency.exhausted", "{command}", "Commands that gave up after the last concurrency attempt.");

    /// <summary>Gets a value indicating whether any listener is subscribed to a per-command instrument.</summary>
    internal static bool AnyListener =>
        Commands.Enabled || CommandDuration.Enabled || PointsEarned.Enabled || PointsRedeemed.Enabled || PointsExpired.Enabled;
}
