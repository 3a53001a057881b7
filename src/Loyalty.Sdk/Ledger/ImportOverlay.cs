using System;
using System.Collections.Generic;
using Loyalty.Sdk.Storage;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// What a bulk import has decided but not yet committed: account states, accruals, redemptions, lots and results by
/// key. Each command of the batch is decided against the store's data overlaid with these.
/// </summary>
internal sealed class ImportOverlay
{
    private readonly Dictionary<MemberId, AccountState> _states = new();
    private readonly Dictionary<(MemberId, string), OrderAccrual> _accruals = new();
    private readonly Dictionary<(MemberId, IdempotencyKey), RedemptionRecord> _redemptions = new();
    private readonly Dictionary<(MemberId, long), Lot> _lots = new();
    private readonly Dictionary<(MemberId, IdempotencyKey), (UInt128 Fingerprint, LedgerResult Result)> _results = new();

    public bool TryGetResult(MemberId member, IdempotencyKey key, out (UInt128 Fingerprint, LedgerResult Result) result) => _results.TryGetValue((member, key), out result);

    private readonly Dictionary<(MemberId, IdempotencyKey), Engagement.RewardClaim> _claims = new();
    private readonly Dictionary<string, Engagement.RewardClaim> _vouchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Reserved, int Confirmed)> _stock = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _quotas = new(StringComparer.Ordinal);

    /// <summary>The store's context with this batch's own changes laid over it.</summary>
    public LedgerContext Overlay(LedgerContext stored, LedgerLoadRequest request)
    {
        var member = request.MemberId;
        var account = _states.GetValueOrDefault(member) ?? stored.Account;
        var accrual = request.OrderId is { } orderId && _accruals.TryGetValue((member, orderId), out var pending) ? pending : stored.Accrual;
        var redemption = request.RedemptionKey is { } key && _redemptions.TryGetValue((member, key), out var decided) ? decided : stored.Redemption;
        IReadOnlyList<Lot> lots = stored.RedemptionLots;
        if (redemption is not null)
        {
            var resolved = new List<Lot>(redemption.Allocations.Count);
            foreach (var allocation in redemption.Allocations)
            {
                if (_lots.TryGetValue((member, allocation.LotId), out var changed))
                {
                    resolved.Add(changed);
                }
                else if (FindLot(stored.RedemptionLots, allocation.LotId) is { } storedLot)
                {
                    resolved.Add(storedLot);
                }
            }

            resolved.Sort((x, y) => x.Id.CompareTo(y.Id));
            lots = resolved;
        }

        var claim = stored.Claim;
        if (request.ClaimKey is { } claimKey && _claims.TryGetValue((member, claimKey), out var batchClaim))
        {
            claim = batchClaim;
        }
        else if (request.VoucherCode is { } code && _vouchers.TryGetValue(code, out var byCode) && byCode.MemberId == member)
        {
            claim = _claims[(member, byCode.Key)];
        }

        var stock = stored.Stock;
        if (request.RewardId is { } rewardId && _stock.TryGetValue(rewardId, out var delta))
        {
            var basis = stock ?? new Engagement.RewardStock(rewardId, 0, 0, 0);
            stock = basis with { Reserved = basis.Reserved + delta.Reserved, Confirmed = basis.Confirmed + delta.Confirmed };
        }

        var quota = stored.Quota;
        if (quota is { } count && _quotas.TryGetValue(count.Key, out var taken))
        {
            quota = count with { Used = count.Used + taken };
        }

        return new LedgerContext(account, accrual, redemption, lots, null, claim, stock, quota);
    }

    public void Record(LedgerCommand command, LedgerChangeSet changes, LedgerResult result)
    {
        var member = command.MemberId;
        _states[member] = changes.NewState;
        foreach (var lot in changes.Lots)
        {
            _lots[(member, lot.Id)] = lot;
        }

        if (changes.Accrual is { } accrual)
        {
            _accruals[(member, accrual.OrderId)] = accrual;
        }

        if (changes.Redemption is { } redemption)
        {
            _redemptions[(member, redemption.Key)] = redemption;
        }

        if (changes.Claim is { } claim)
        {
            _claims[(member, claim.Key)] = claim;
            if (claim.VoucherCode is { } code)
            {
                _vouchers[code] = claim;
            }
        }

        if (changes.Quota is { } quotaChange)
        {
            _quotas[quotaChange.Key] = _quotas.GetValueOrDefault(quotaChange.Key) + quotaChange.Delta;
        }

        if (changes.Stock is { } change)
        {
            var (reserved, confirmed) = _stock.GetValueOrDefault(change.RewardId);
            _stock[change.RewardId] = (reserved + change.Reserved, confirmed + change.Confirmed);
        }

        _results[(command.MemberId, command.Key)] = (command.PayloadFingerprint, result);
    }

    private static Lot? FindLot(IReadOnlyList<Lot> lots, long id)
    {
        foreach (var lot in lots)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        return null;
    }
}
