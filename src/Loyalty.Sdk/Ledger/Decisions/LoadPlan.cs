using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>
/// What one attempt at a command loads, and the one instant its plan and its decision share: computed here only,
/// from the program, the command (through its handler) and the clock's reading.
/// </summary>
/// <param name="Request">What to load.</param>
/// <param name="Now">The clock's reading; the decision uses it, to the microsecond (or the account's last commit, if later).</param>
/// <param name="Handler">The command's handler.</param>
internal readonly record struct LoadPlan(LedgerLoadRequest Request, Instant Now, CommandHandler Handler)
{
    /// <summary>
    /// What the decision may see of what the store loaded. The load rules are the engine's, not each adapter's: an
    /// account that does not exist has no accrual, redemption or claim, and a voucher's claim is only its member's.
    /// </summary>
    public LedgerContext Accept(LedgerContext loaded)
    {
        if (!loaded.Account.Exists)
        {
            return loaded.Accrual is null && loaded.Redemption is null && loaded.Claim is null && loaded.RedemptionLots.Count == 0
                ? loaded
                : loaded with { Accrual = null, Redemption = null, RedemptionLots = [], Claim = null };
        }

        return loaded.Claim is { } claim && claim.MemberId != Request.MemberId ? loaded with { Claim = null } : loaded;
    }

    public static LoadPlan For(LoyaltyProgram program, LedgerCommand command, Instant clockNow)
    {
        var handler = command.Handler;
        return new LoadPlan(handler.Plan(command, program, clockNow), clockNow, handler);
    }
}
