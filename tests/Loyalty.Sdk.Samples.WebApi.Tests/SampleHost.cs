using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Loyalty.Sdk.Samples.WebApi;
using Loyalty.Sdk.Samples.WebApi.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Loyalty.Sdk.Samples.WebApi.Tests;

/// <summary>
/// The sample on 127.0.0.1 (a free port, a fresh SQLite file), with two programs and a test signing key, and tokens
/// minted here with that key, as an identity provider would.
/// </summary>
internal sealed class SampleHost : IAsyncDisposable
{
    public const string Issuer = "test-issuer";
    public const string Audience = "loyalty-api";

    private readonly SymmetricSecurityKey _signing;

    private SampleHost(WebApplication app, Uri address, string database, SymmetricSecurityKey signing)
    {
        App = app;
        Address = address;
        Database = database;
        _signing = signing;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>Gets the SQLite file.</summary>
    public string Database { get; }

    public static async Task<SampleHost> StartAsync(IEnumerable<string>? extra = null, Action<WebApplicationBuilder>? configure = null, SymmetricSecurityKey? key = null)
    {
        var database = Path.Combine(Path.GetTempPath(), $"loyalty-webapi-{Guid.NewGuid():N}.db");
        var signing = key ?? new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Loyalty:Database={database}",
            "--Loyalty:BusyTimeoutSeconds=1",
            $"--Auth:Issuer={Issuer}",
            $"--Auth:Audience={Audience}",
            $"--Auth:SigningKeys:0={Convert.ToBase64String(signing.Key)}",
            "--RateLimits:MemberSpendingPerMinute=1000",
            .. Program("0", "web-shop"),
            .. Program("1", "other-shop"),
            .. extra ?? [],
        ];
        var app = WebApiApp.Build(args, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        return new SampleHost(app, new Uri(address), database, signing);
    }

    /// <summary>A token for the shop backend (a service identity) of some programs.</summary>
    public string Backend(string service, params string[] programs) => Mint(Callers.Backend, service, programs);

    /// <summary>A token for a member of a program.</summary>
    public string Member(string memberId, string program = "web-shop") => Mint(Callers.Member, memberId, [program]);

    public string Mint(string role, string subject, IEnumerable<string> programs, SecurityKey? key = null, string issuer = Issuer, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role, ["program"] = programs.ToArray() };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Claims = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key ?? _signing, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A client whose requests carry a token (none: anonymous).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        foreach (var file in new[] { Database, Database + "-wal", Database + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<string> Program(string index, string id) =>
    [
        $"--Loyalty:Programs:{index}:id={id}",
        $"--Loyalty:Programs:{index}:baseCurrency=EUR",
        $"--Loyalty:Programs:{index}:timeZone=Europe/Berlin",
        $"--Loyalty:Programs:{index}:minimumRedemptionPoints=10",
        $"--Loyalty:Programs:{index}:earning:categoryMultipliers:books=2",
        $"--Loyalty:Programs:{index}:tiers:metric=spend",
        $"--Loyalty:Programs:{index}:tiers:window=calendarYear",
        $"--Loyalty:Programs:{index}:tiers:levels:0:id=member",
        $"--Loyalty:Programs:{index}:tiers:levels:0:threshold=0",
        $"--Loyalty:Programs:{index}:tiers:levels:1:id=gold",
        $"--Loyalty:Programs:{index}:tiers:levels:1:threshold=500",
        $"--Loyalty:Programs:{index}:engagement:rewards:0:id=mug",
        $"--Loyalty:Programs:{index}:engagement:rewards:0:kind=physicalItem",
        $"--Loyalty:Programs:{index}:engagement:rewards:0:points=60",
        $"--Loyalty:Programs:{index}:engagement:rewards:0:tracksStock=true",
        $"--Loyalty:Programs:{index}:engagement:rewards:1:id=five-off",
        $"--Loyalty:Programs:{index}:engagement:rewards:1:kind=coupon",
        $"--Loyalty:Programs:{index}:engagement:rewards:1:points=30",
        $"--Loyalty:Programs:{index}:engagement:rewards:1:voucherValidity=P30D",
    ];
}
