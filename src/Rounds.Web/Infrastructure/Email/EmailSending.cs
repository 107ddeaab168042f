using System.Net;
using System.Net.Mail;
using System.Text;

namespace Rounds.Web.Infrastructure.Email;

public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>The seam for outgoing email: a pickup folder by default, SMTP when configured.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

public sealed class EmailOptions
{
    public string From { get; set; } = "Rounds <no-reply@rounds.local>";
    /// <summary>Folder for .eml files when no SMTP host is set; default data/mail.</summary>
    public string? PickupDirectory { get; set; }
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public bool SmtpSsl { get; set; } = true;
}

/// <summary>Writes each message as an RFC 822 .eml file that any mail client opens.</summary>
public sealed class PickupFolderEmailSender(string directory, EmailOptions options, TimeProvider clock) : IEmailSender
{
    public string Directory { get; } = directory;

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var now = clock.GetUtcNow();
        var text = new StringBuilder()
            .Append("From: ").Append(options.From).Append("\r\n")
            .Append("To: ").Append(message.To).Append("\r\n")
            .Append("Subject: ").Append(message.Subject).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r")).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
            .Append(message.TextBody).Append("\r\n")
            .ToString();
        var name = $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        await File.WriteAllTextAsync(Path.Combine(Directory, name), text, ct);
    }
}

public sealed class SmtpEmailSender(EmailOptions options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        using var client = new SmtpClient(options.SmtpHost, options.SmtpPort) { EnableSsl = options.SmtpSsl };
        if (!string.IsNullOrEmpty(options.SmtpUser))
            client.Credentials = new NetworkCredential(options.SmtpUser, options.SmtpPassword);
        using var mail = new MailMessage { From = new MailAddress(options.From), Subject = message.Subject, Body = message.TextBody };
        mail.To.Add(message.To);
        await client.SendMailAsync(mail, ct);
    }
}

public static class EmailSetup
{
    public static IServiceCollection AddRoundsEmail(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var options = config.GetSection("Rounds:Email").Get<EmailOptions>() ?? new();
        services.AddSingleton(options);
        if (!string.IsNullOrWhiteSpace(options.SmtpHost))
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        else
        {
            var dir = options.PickupDirectory ?? Path.Combine(RoundsPaths.DataDirectory(config, contentRoot), "mail");
            services.AddSingleton<IEmailSender>(sp => new PickupFolderEmailSender(dir, options, sp.GetRequiredService<TimeProvider>()));
        }
        return services;
    }
}
