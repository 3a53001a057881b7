// Loyalty.Sdk web API sample: a minimal API over the engines from services.AddLoyalty(…), on a SQLite file.
// Run it with:  dotnet run --project samples/Loyalty.Sdk.Samples.WebApi
using Loyalty.Sdk.Samples.WebApi;

await using var app = WebApiApp.Build(args);
await app.RunAsync();
