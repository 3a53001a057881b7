using System.Linq;
using Loyalty.Sdk.Expiry;
using Xunit;

namespace Loyalty.Sdk.Tests;

public sealed class LoyaltyProgramBuilderTests
{
    [Fact]
    public void Build_Valid_KeepsEveryValue()
    {
        var program = new LoyaltyProgramBuilder
        {
            Id = "shop",
            BaseCurrency = "CNY",
            TimeZoneId = "Asia/Shanghai",
            PointsPerCurrencyUnit = 2.5m,
            Rounding = PointsRounding.HalfEven,
            PendingDays = 14,
            Expiry = ExpiryPolicy.AfterMonths(12, ExpiryRounding.EndOfQuarter),
            ReversalPolicy = ReversalPolicy.Capped,
            MinimumRedemptionPoints = 100,
        }.Build();

        Assert.Equal("shop", program.Id.Value);
        Assert.Equal("CNY", program.BaseCurrency.Code);
        Assert.Equal("Asia/Shanghai", program.TimeZone.Id);
        Assert.Equal(2.5m, program.PointsPerCurrencyUnit);
        Assert.Equal(14, program.PendingDays);
        Assert.Equal(ExpiryPolicy.AfterMonths(12, ExpiryRounding.EndOfQuarter), program.Expiry);
        Assert.Equal(ReversalPolicy.Capped, program.ReversalPolicy);
        Assert.Equal(100, program.MinimumRedemption.Value);
        var copy = program.ToBuilder().Build();
        Assert.Equal(program.TimeZone, copy.TimeZone);
        Assert.Equal(program.Expiry, copy.Expiry);
    }

    [Fact]
    public void Build_ManyProblems_ThrowsOneExceptionListingEvery()
    {
        var builder = new LoyaltyProgramBuilder
        {
            Id = "",
            BaseCurrency = "EURO",
            TimeZoneId = "Mars/Olympus_Mons",
            PointsPerCurrencyUnit = 0m,
            PendingDays = -1,
            Expiry = null!,
            MinimumRedemptionPoints = 0,
            Rounding = (PointsRounding)42,
            ReversalPolicy = (ReversalPolicy)7,
        };

        var ex = Assert.Throws<ProgramValidationException>(() => builder.Build());
        var fields = ex.Errors.Select(e => e.Split(':')[0]).ToArray();
        Assert.Equal(
            new[] { "Id", "BaseCurrency", "TimeZoneId", "PointsPerCurrencyUnit", "Rounding", "PendingDays", "Expiry", "ReversalPolicy", "MinimumRedemptionPoints" },
            fields);
        Assert.Contains("Mars/Olympus_Mons", ex.Message);
        Assert.IsAssignableFrom<System.ArgumentException>(ex);
    }

    [Fact]
    public void Build_UnknownTimeZoneOnly_NamesTheZone()
    {
        var ex = Assert.Throws<ProgramValidationException>(() => TestPrograms.Program(b => b.TimeZoneId = "Europe/Atlantis"));
        Assert.Equal("TimeZoneId", Assert.Single(ex.Errors).Split(':')[0]);
    }
}
