using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>
/// What one attempt at a command loads, and the one instant its plan and its decision share: computed here only,
/// from the program, the command (through its handler) and the clock's reading.
/// </summary>
/// <param name="Request">What to load.</param>
/// <param name="Now">The clock's instant to the microsecond; the decision uses it (or the account's last commit, if later).</param>
/// <param name="Handler">The command's handler.</param>
internal readonly record struct LoadPlan(LedgerLoadRequest Request, Instant Now, CommandHandler Handler)
{
    public static LoadPlan For(LoyaltyProgram program, LedgerCommand command, Instant clockNow)
    {
        var now = Instants.ToMicroseconds(clockNow);
        var handler = command.Handler;
        return new LoadPlan(handler.Plan(command, program, now), now, handler);
    }
}
