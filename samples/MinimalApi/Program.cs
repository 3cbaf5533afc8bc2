using System.Security.Claims;
using Apinator;
using Apinator.Channels;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using MinimalApi;
using MinimalApi.Activity;
using MinimalApi.LocalServer;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");

// No Apinator credentials configured: run against a local Pusher-compatible server (Soketi) instead.
var localServer = LocalRealtimeServer.UseWhenNoCredentials(builder);

builder.Services.AddProblemDetails();
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = "apinator-sample";
        // An API: answer 401/403 problems instead of redirecting to a login page.
        options.Events.OnRedirectToLogin = context => WriteProblem(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first.");
        options.Events.OnRedirectToAccessDenied = context => WriteProblem(context.HttpContext, StatusCodes.Status403Forbidden, "You may not do that.");
    });
builder.Services.AddAuthorization();
builder.Services.AddSingleton<ActivityLog>();

var apinator = builder.Services.AddApinator(builder.Configuration.GetSection("Apinator"))
    .AuthorizeChannel("private-chat", _ => true)
    .AuthorizePresenceChannel("presence-chat", context => new PresenceMember(context.UserId!, new { name = context.User.Identity!.Name }))
    .AuthorizeChannel("private-user-{id}", context => context.UserId == context.Values["id"]);

// Several instances behind one load balancer: with ConnectionStrings:Redis set, they share one Redis
// so that each webhook delivery is handled once, whichever instance (or instances) it reaches.
// Without it, deliveries are de-duplicated in this process only.
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis) apinator.UseRedisDeliveryStore(redis);

var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();

// pusher-js comes from the project's own npm install (no CDN).
app.MapGet("/lib/pusher.min.js", (IConfiguration configuration, IWebHostEnvironment environment) =>
{
    var nodeProject = configuration["LocalServer:NodeProject"] ?? SoketiProcess.FindNodeProject(environment.ContentRootPath);
    var file = Path.Combine(nodeProject, "node_modules", "pusher-js", "dist", "web", "pusher.min.js");
    return File.Exists(file)
        ? Results.File(file, "text/javascript")
        : Results.Problem(statusCode: 404, title: "pusher-js not installed", detail: $"Run `npm ci` in {nodeProject}.");
}).ExcludeFromDescription();
app.UseAuthentication();
app.UseAuthorization();

app.MapPost("/login", async Task<Results<Ok<SignedInUser>, ProblemHttpResult>> (HttpContext context) =>
{
    var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
    var name = form?["name"].ToString().Trim() ?? "";
    if (!SampleRules.IsValidName(name))
    {
        return TypedResults.Problem(statusCode: 400, title: "Invalid name", detail: "Pick a name of 1–32 letters, digits, '-' or '_'.");
    }

    var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
    await context.SignInAsync(new ClaimsPrincipal(identity));
    return TypedResults.Ok(new SignedInUser(name, name));
}).DisableAntiforgery();

app.MapPost("/logout", async (HttpContext context) =>
{
    await context.SignOutAsync();
    return TypedResults.NoContent();
});

app.MapGet("/api/me", Results<Ok<SignedInUser>, UnauthorizedHttpResult> (ClaimsPrincipal user) =>
    user.Identity?.IsAuthenticated == true
        ? TypedResults.Ok(new SignedInUser(user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity.Name!))
        : TypedResults.Unauthorized());

app.MapGet("/api/config", (IConfiguration configuration) => TypedResults.Ok(ClientConfig.From(configuration, localServer)));

app.MapApinatorChannelAuth();
app.MapApinatorUserAuth();
app.MapApinatorWebhooks<ActivityWebhookHandler>();

app.MapPost("/api/messages", async Task<Results<Accepted, ProblemHttpResult>> (MessageInput input, ClaimsPrincipal user, IApinator apinator, CancellationToken cancellationToken) =>
{
    var text = input.Text?.Trim() ?? "";
    if (text.Length == 0) return TypedResults.Problem(statusCode: 400, title: "Empty message", detail: "Write something before sending.");
    if (text.Length > SampleRules.MaxMessageLength)
    {
        return TypedResults.Problem(statusCode: 400, title: "Message too long", detail: $"A message is at most {SampleRules.MaxMessageLength} characters.");
    }

    try
    {
        await apinator.TriggerAsync("presence-chat", "message", new ChatMessage(user.Identity!.Name!, text), cancellationToken: cancellationToken);
    }
    catch (ApinatorException e)
    {
        return RealtimeUnavailable(e);
    }

    return TypedResults.Accepted((string?)null);
}).RequireAuthorization();

app.MapPost("/api/notify", async Task<Results<Accepted, ProblemHttpResult>> (ClaimsPrincipal user, IApinator apinator, CancellationToken cancellationToken) =>
{
    var id = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
    var notice = new { text = $"Hello {user.Identity!.Name}, this notice came from the server.", at = DateTimeOffset.UtcNow };
    try
    {
        await apinator.TriggerAsync($"private-user-{id}", "notice", notice, cancellationToken: cancellationToken);
    }
    catch (ApinatorException e)
    {
        return RealtimeUnavailable(e);
    }

    return TypedResults.Accepted((string?)null);
}).RequireAuthorization();

app.MapGet("/api/activity", (ActivityLog log) => TypedResults.Ok(log.Recent()));

if (localServer is not null) app.Lifetime.ApplicationStarted.Register(() => localServer.Start(app));
else app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, "using the configured realtime service; Ctrl+C stops it"));
app.Run();

// The realtime service refused or could not be reached: say so, without its internals.
static ProblemHttpResult RealtimeUnavailable(ApinatorException e) =>
    TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Realtime service unavailable", detail: e.Message);

static Task WriteProblem(HttpContext context, int status, string detail)
{
    context.Response.StatusCode = status;
    return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
    {
        HttpContext = context,
        ProblemDetails = { Status = status, Detail = detail },
    }).AsTask();
}

/// <summary>Exposed so tests can host the sample with WebApplicationFactory.</summary>
public partial class Program;
