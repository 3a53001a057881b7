using System;
using Loyalty.Sdk.Ledger.Decisions;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// The functional core of the ledger: (account state, command, program, now) → entries, lot changes and the new
/// state, or a typed rejection. Pure: it reads nothing but its arguments and writes nothing; the store commits.
/// The steps every command shares are here; what a command does is its handler's.
/// </summary>
internal static class LedgerDecider
{
    /// <summary>
    /// Decides a command. "Now" is the clock's instant to the microsecond, and never earlier than the account's last
    /// commit: time does not run backwards within an account even when app servers' clocks disagree.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="context">What the store loaded.</param>
    /// <param name="command">The command.</param>
    /// <param name="clockNow">The clock's instant (the load plan's).</param>
    /// <param name="newVoucherCode">Makes voucher codes; the cryptographic generator when null.</param>
    /// <param name="withEvents">Whether to build the decision's domain events (not for previews, which never commit).</param>
    public static LedgerDecision Decide(LoyaltyProgram program, LedgerContext context, LedgerCommand command, Instant clockNow, Func<string>? newVoucherCode = null, bool withEvents = true)
    {
        var last = context.Account.LastRecordedAt;
        var tick = Instants.ToMicroseconds(clockNow);
        var now = last is { } l && l > tick ? l : tick;
        try
        {
            var draft = new AccountDraft(program, context, command, now, newVoucherCode, withEvents);
            draft.MaterialiseExpiries();
            draft.ReviewTiers();
            var rejection = command.Handler.Decide(command, draft) ?? draft.CheckLimits();
            if (rejection is not null)
            {
                return new LedgerDecision(null, rejection, now);
            }

            draft.RecordTierChanges();
            return new LedgerDecision(draft.Build(), null, now);
        }
        catch (OverflowException ex)
        {
            // A last line of defence: the bounds keep every sum inside 64 bits, and a decision is pure, so nothing changed.
            return new LedgerDecision(null, Rejections.LimitExceeded($"The command's arithmetic passed a 64-bit or decimal bound ({ex.Message})."), now);
        }
    }
}
