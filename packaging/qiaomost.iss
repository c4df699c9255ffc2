; Inno Setup 6.3+ script: a Windows installer for the one-folder bundle.
; First build the bundle on Windows (Git Bash: bash packaging/build.sh -> packaging\dist\qiaomost\),
; then:  iscc packaging\qiaomost.iss   (or iscc /DAppVersion=0.2.0 packaging\qiaomost.iss)
; Saved as UTF-8 with BOM (Inno Setup reads a BOM-less script in the ANSI code page).
; Output: packaging\dist\qiaomost-<version>-setup.exe. Paths are relative to this file.

; AppVersion: keep equal to __version__ in app/__init__.py (checked by tests/test_packaging_spec.py)
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Qiao·Most"
#define BundleDir "dist\qiaomost"

[Setup]
AppId={{DE4CF513-3C04-4DFB-A4E8-8F842C847F98}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Qiao·Most
DefaultDirName={autopf}\QiaoMost
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=dist
OutputBaseFilename=qiaomost-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\qiaomost-gui.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole folder: qiaomost-gui.exe, qiaomost.exe (command line) and _internal\ (Qt DLLs stay
; separate, replaceable files: LGPL, see packaging/README.md)
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\qiaomost-gui.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\qiaomost-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\qiaomost-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
