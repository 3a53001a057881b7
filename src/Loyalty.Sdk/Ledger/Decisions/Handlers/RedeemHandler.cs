namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Spends available points on an order, within the program's minimum, per-order maximum and share-of-order rules.</summary>
internal sealed class RedeemHandler : CommandHandler<RedeemCommand>
{
    public static readonly RedeemHandler Instance = new();

    public override string Name => "redeem";

    protected override Rejection? Decide(RedeemCommand command, AccountDraft draft)
    {
        var program = draft.Program;
        if (!draft.Exists)
        {
            return Rejections.UnknownMember(draft);
        }

        if (command.Points < program.MinimumRedemption)
        {
            return Rejections.Reject(RejectionReason.BelowMinimum, $"A redemption must use at least {program.MinimumRedemption} points; {command.Points} were requested.");
        }

        if (program.MaximumRedemptionPerOrder is { } maximum && command.Points > maximum)
        {
            return Rejections.Reject(RejectionReason.AboveMaximumPerOrder, $"Rule MaximumRedemptionPointsPerOrder: at most {maximum} points per order; {command.Points} were requested.");
        }

        if (program.MaximumRedemptionShareOfOrder is { } share && ShareRule(command, share, draft) is { } broken)
        {
            return broken;
        }

        var available = draft.AvailableNow;
        if (command.Points > available)
        {
            return Rejections.Reject(RejectionReason.InsufficientPoints, $"{command.Points} points were requested but only {available} are available.");
        }

        draft.Debit(command.Points, command.OrderId, rewardId: null);
        draft.MarkActivity();
        return null;
    }

    /// <summary>The points' value (points × point value) may be at most the share of the order's value, in the base currency.</summary>
    private static Rejection? ShareRule(RedeemCommand command, decimal share, AccountDraft draft)
    {
        var program = draft.Program;
        if (command.OrderValue is not { } orderValue)
        {
            return Rejections.Reject(RejectionReason.OrderValueRequired, "Rule MaximumRedemptionShareOfOrder: the redemption must give the order's value.");
        }

        var rate = 1m;
        if (orderValue.Currency != program.BaseCurrency &&
            (program.ExchangeRates is null || !program.ExchangeRates.TryGetRate(orderValue.Currency, program.BaseCurrency, draft.Now, out rate) || rate <= 0))
        {
            return Rejections.Reject(RejectionReason.ExchangeRateUnavailable, $"No exchange rate from {orderValue.Currency} to {program.BaseCurrency} at {draft.Now}.");
        }

        // An order value too large for decimal arithmetic allows any redemption: the share rule cannot bind it.
        if (!Exact.TryMultiply(orderValue.Amount, rate, out var value) || !Exact.TryMultiply(value, share, out value) ||
            !Exact.TryDivide(value, program.PointValue, out var exactMax))
        {
            return null;
        }

        var maxPoints = decimal.Floor(exactMax);
        return command.Points.Value > maxPoints
            ? Rejections.Reject(RejectionReason.AboveMaximumShareOfOrder, $"Rule MaximumRedemptionShareOfOrder: points may pay at most {share:P0} of {orderValue}, i.e. {maxPoints} points; {command.Points} were requested.")
            : null;
    }
}
