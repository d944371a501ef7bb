<#
.SYNOPSIS
    kszcheck Windows pack: reads local facts of the social-data zone's Windows servers into one
    folder that kszcheck reads as a source of type 'windows-export'.

.DESCRIPTION
    Run on a domain-joined Windows host (Windows PowerShell 5.1) as an account that is a member
    of the local Administrators group of the servers it reads (it only reads: nothing is
    changed on any server). It uses PowerShell remoting (WinRM) to each server; with -Local it
    reads only the machine it runs on (copy the script to each server where WinRM is not
    allowed, and merge the folders by giving each run its own -OutputFolder).

    Per server it writes:
      local_group_members.csv  members of the local Administrators (S-1-5-32-544) and Remote
                               Desktop Users (S-1-5-32-555) groups
      updates.csv              installed updates (Get-HotFix), InstalledOn as yyyy-MM-dd
      auditpol/<SERVER>.csv    the output of 'auditpol /get /category:* /r', unchanged
      event_logs.csv           size and retention mode of the Security log (Get-WinEvent -ListLog)
      shares.csv               non-special SMB shares (Get-SmbShare)
      share_access.csv         share permissions (Get-SmbShareAccess)
      ntfs_acl.csv             the NTFS DACL of each share's folder (Get-Acl)
    and once:
      veeam_jobs.csv           with -Veeam: Get-VBRJob (name, type, schedule, objects, repository)
      veeam_sessions.csv       with -Veeam: Get-VBRBackupSession of the last -SessionDays days
      manifest.json            pack version, start and end time, per server 'ok' or the error,
                               and the number of rows written to each CSV file (written last:
                               a file cut on its way to the scanner no longer matches it)

    A server that could not be read is listed in manifest.json with the reason; kszcheck then
    treats its facts as not collected (never as "no members" or "no updates").

.PARAMETER ComputerName
    The servers to read (DNS names). With -SearchBase, the enabled computers below that OU are
    added.

.PARAMETER SearchBase
    The distinguished name of an OU whose enabled computer objects are read, e.g.
    'OU=Servers,OU=OCMW,DC=voorbeeld,DC=local'.

.PARAMETER OutputFolder
    The folder to write (created if needed; existing files of the pack are overwritten).

.PARAMETER Local
    Read only this machine, without remoting.

.PARAMETER Veeam
    Also export the Veeam Backup & Replication jobs and sessions (run on the Veeam server, or
    where the Veeam PowerShell module is installed).

.EXAMPLE
    .\kszcheck-windows-pack.ps1 -SearchBase 'OU=Servers,OU=OCMW,DC=voorbeeld,DC=local' -OutputFolder C:\kszcheck\windows

.EXAMPLE
    .\kszcheck-windows-pack.ps1 -Local -OutputFolder C:\kszcheck\windows-srv-ocmw01
#>
[CmdletBinding()]
param(
    [string[]]$ComputerName = @(),
    [string]$SearchBase = '',
    [Parameter(Mandatory = $true)]
    [string]$OutputFolder,
    [switch]$Local,
    [switch]$Veeam,
    [int]$SessionDays = 31
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$PackVersion = '1'

function Get-ZoneComputer {
    param([string]$Base)
    $searcher = New-Object System.DirectoryServices.DirectorySearcher
    $searcher.SearchRoot = New-Object System.DirectoryServices.DirectoryEntry("LDAP://$Base")
    $searcher.Filter = '(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))'
    $searcher.PageSize = 500
    [void]$searcher.PropertiesToLoad.Add('dNSHostName')
    foreach ($result in $searcher.FindAll()) {
        if ($result.Properties['dnshostname'].Count -gt 0) {
            [string]$result.Properties['dnshostname'][0]
        }
    }
}

# Runs on each server (remotely or locally) and returns one object with everything it read.
$ReadServer = {
    $ErrorActionPreference = 'Stop'
    $name = $env:COMPUTERNAME
    $members = @()
    foreach ($group in @(@{ Sid = 'S-1-5-32-544'; Key = 'administrators' },
                         @{ Sid = 'S-1-5-32-555'; Key = 'remote_desktop_users' })) {
        try {
            foreach ($m in @(Get-LocalGroupMember -SID $group.Sid)) {
                $members += [pscustomobject]@{
                    ComputerName    = $name
                    Group           = $group.Key
                    Name            = [string]$m.Name
                    SID             = [string]$m.SID
                    ObjectClass     = [string]$m.ObjectClass
                    PrincipalSource = [string]$m.PrincipalSource
                }
            }
        }
        catch {
            # Get-LocalGroupMember fails on unresolvable (orphaned) SIDs: fall back to ADSI
            $sid = New-Object System.Security.Principal.SecurityIdentifier($group.Sid)
            $localName = $sid.Translate([System.Security.Principal.NTAccount]).Value.Split('\')[-1]
            $adsi = [ADSI]"WinNT://./$localName,group"
            foreach ($m in @($adsi.Invoke('Members'))) {
                $path = [string]$m.GetType().InvokeMember('ADsPath', 'GetProperty', $null, $m, $null)
                $bytes = $m.GetType().InvokeMember('objectSid', 'GetProperty', $null, $m, $null)
                $members += [pscustomobject]@{
                    ComputerName    = $name
                    Group           = $group.Key
                    Name            = $path -replace '^WinNT://', '' -replace '/', '\'
                    SID             = (New-Object System.Security.Principal.SecurityIdentifier($bytes, 0)).Value
                    ObjectClass     = [string]$m.GetType().InvokeMember('Class', 'GetProperty', $null, $m, $null)
                    PrincipalSource = 'Unknown'
                }
            }
        }
    }
    $updates = @(Get-HotFix | ForEach-Object {
        $installed = ''
        if ($_.InstalledOn) { $installed = $_.InstalledOn.ToString('yyyy-MM-dd') }
        [pscustomobject]@{
            ComputerName = $name
            HotFixID     = [string]$_.HotFixID
            Description  = [string]$_.Description
            InstalledOn  = $installed
        }
    })
    $audit = @(& "$env:SystemRoot\System32\auditpol.exe" /get /category:* /r)
    if ($LASTEXITCODE -ne 0) { throw "auditpol failed with exit code $LASTEXITCODE" }
    $logs = @(Get-WinEvent -ListLog Security | ForEach-Object {
        [pscustomobject]@{
            ComputerName       = $name
            LogName            = [string]$_.LogName
            MaximumSizeInBytes = [string]$_.MaximumSizeInBytes
            LogMode            = [string]$_.LogMode
            IsEnabled          = [string]$_.IsEnabled
        }
    })
    $shares = @(Get-SmbShare -Special $false | Where-Object { $_.Path })
    $shareRows = @($shares | ForEach-Object {
        [pscustomobject]@{ ComputerName = $name; Name = $_.Name; Path = $_.Path; Description = $_.Description }
    })
    # SIDs are translated here, on the server: its local accounts and BUILTIN resolve only there
    $sidType = [System.Security.Principal.SecurityIdentifier]
    $accessRows = @($shares | ForEach-Object { Get-SmbShareAccess -Name $_.Name } | ForEach-Object {
        $account = [string]$_.AccountName
        $sid = ''
        if ($account -match '^S-1-') { $sid = $account }
        else {
            try { $sid = [string](New-Object System.Security.Principal.NTAccount($account)).Translate($sidType).Value }
            catch { $sid = '' }
        }
        [pscustomobject]@{
            ComputerName      = $name
            Name              = [string]$_.Name
            AccountName       = $account
            AccessControlType = [string]$_.AccessControlType
            AccessRight       = [string]$_.AccessRight
            SID               = $sid
        }
    })
    $aclRows = @()
    foreach ($share in $shares) {
        $acl = Get-Acl -LiteralPath $share.Path
        foreach ($ace in @($acl.GetAccessRules($true, $true, $sidType))) {
            $sid = [string]$ace.IdentityReference.Value
            $account = $sid
            try { $account = [string]$ace.IdentityReference.Translate([System.Security.Principal.NTAccount]).Value }
            catch { $account = $sid }
            $aclRows += [pscustomobject]@{
                ComputerName      = $name
                Share             = $share.Name
                Path              = $share.Path
                IdentityReference = $account
                FileSystemRights  = [string]$ace.FileSystemRights
                AccessControlType = [string]$ace.AccessControlType
                IsInherited       = [string]$ace.IsInherited
                InheritanceFlags  = [string]$ace.InheritanceFlags
                PropagationFlags  = [string]$ace.PropagationFlags
                SID               = $sid
            }
        }
    }
    [pscustomobject]@{
        Name        = $name
        Members     = $members
        Updates     = $updates
        AuditPol    = $audit
        EventLogs   = $logs
        Shares      = $shareRows
        ShareAccess = $accessRows
        NtfsAcl     = $aclRows
    }
}

$rowCounts = [ordered]@{}

function Write-Csv {
    param([object[]]$Rows, [string]$Name, [string[]]$Columns)
    $path = Join-Path $OutputFolder $Name
    $script:rowCounts[$Name] = $Rows.Count
    if ($Rows.Count -gt 0) {
        $Rows | Select-Object -Property $Columns | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding UTF8
    }
    else {
        # a header only: "read, and there were none" differs from "not read"
        Set-Content -LiteralPath $path -Value (($Columns | ForEach-Object { '"' + $_ + '"' }) -join ',') -Encoding UTF8
    }
}

$started = (Get-Date).ToUniversalTime().ToString('o')
New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
New-Item -ItemType Directory -Force -Path (Join-Path $OutputFolder 'auditpol') | Out-Null

$targets = @($ComputerName)
if ($SearchBase) { $targets += @(Get-ZoneComputer -Base $SearchBase) }
if ($Local) { $targets = @($env:COMPUTERNAME) }
$targets = @($targets | Where-Object { $_ } | Sort-Object -Unique)

$results = @()
$hosts = @()
foreach ($target in $targets) {
    try {
        if ($Local) { $read = & $ReadServer }
        else { $read = Invoke-Command -ComputerName $target -ScriptBlock $ReadServer -ErrorAction Stop }
        $results += $read
        $hosts += [pscustomobject]@{ name = $target; computer_name = [string]$read.Name; status = 'ok'; error = '' }
        $auditFile = Join-Path (Join-Path $OutputFolder 'auditpol') ([string]$read.Name + '.csv')
        Set-Content -LiteralPath $auditFile -Value $read.AuditPol -Encoding UTF8
    }
    catch {
        $hosts += [pscustomobject]@{ name = $target; computer_name = ''; status = 'failed'; error = [string]$_.Exception.Message }
    }
}

Write-Csv -Rows @($results | ForEach-Object { $_.Members }) -Name 'local_group_members.csv' `
    -Columns @('ComputerName', 'Group', 'Name', 'SID', 'ObjectClass', 'PrincipalSource')
Write-Csv -Rows @($results | ForEach-Object { $_.Updates }) -Name 'updates.csv' `
    -Columns @('ComputerName', 'HotFixID', 'Description', 'InstalledOn')
Write-Csv -Rows @($results | ForEach-Object { $_.EventLogs }) -Name 'event_logs.csv' `
    -Columns @('ComputerName', 'LogName', 'MaximumSizeInBytes', 'LogMode', 'IsEnabled')
Write-Csv -Rows @($results | ForEach-Object { $_.Shares }) -Name 'shares.csv' `
    -Columns @('ComputerName', 'Name', 'Path', 'Description')
Write-Csv -Rows @($results | ForEach-Object { $_.ShareAccess }) -Name 'share_access.csv' `
    -Columns @('ComputerName', 'Name', 'AccountName', 'AccessControlType', 'AccessRight', 'SID')
Write-Csv -Rows @($results | ForEach-Object { $_.NtfsAcl }) -Name 'ntfs_acl.csv' `
    -Columns @('ComputerName', 'Share', 'Path', 'IdentityReference', 'FileSystemRights', 'AccessControlType', 'IsInherited', 'InheritanceFlags', 'PropagationFlags', 'SID')

$veeamStatus = 'not_requested'
if ($Veeam) {
    try {
        if (-not (Get-Command Get-VBRJob -ErrorAction SilentlyContinue)) { Import-Module Veeam.Backup.PowerShell }
        $jobs = @(Get-VBRJob | ForEach-Object {
            $job = $_
            [pscustomobject]@{
                Name              = [string]$job.Name
                JobType           = [string]$job.JobType
                IsScheduleEnabled = [string]$job.IsScheduleEnabled
                Objects           = (@($job.GetObjectsInJob() | ForEach-Object { $_.Name }) -join ';')
                Repository        = [string]$job.GetTargetRepository().Name
            }
        })
        Write-Csv -Rows $jobs -Name 'veeam_jobs.csv' -Columns @('Name', 'JobType', 'IsScheduleEnabled', 'Objects', 'Repository')
        $since = (Get-Date).AddDays(-$SessionDays)
        $sessions = @(Get-VBRBackupSession | Where-Object { $_.CreationTime -ge $since } | ForEach-Object {
            $end = ''
            if ($_.EndTime -gt $_.CreationTime) { $end = $_.EndTime.ToUniversalTime().ToString('o') }
            [pscustomobject]@{
                JobName      = [string]$_.JobName
                Result       = [string]$_.Result
                CreationTime = $_.CreationTime.ToUniversalTime().ToString('o')
                EndTime      = $end
            }
        })
        Write-Csv -Rows $sessions -Name 'veeam_sessions.csv' -Columns @('JobName', 'Result', 'CreationTime', 'EndTime')
        $veeamStatus = 'ok'
    }
    catch {
        $veeamStatus = 'failed: ' + [string]$_.Exception.Message
    }
}

$manifest = [pscustomobject]@{
    pack     = 'kszcheck-windows-pack'
    version  = $PackVersion
    started  = $started
    finished = (Get-Date).ToUniversalTime().ToString('o')
    hosts    = $hosts
    veeam    = $veeamStatus
    rows     = $rowCounts
}
$manifest | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $OutputFolder 'manifest.json') -Encoding UTF8
Write-Host ("kszcheck Windows pack: {0} server(s) read, {1} failed; folder {2}" -f `
    @($hosts | Where-Object { $_.status -eq 'ok' }).Count, @($hosts | Where-Object { $_.status -ne 'ok' }).Count, $OutputFolder)
