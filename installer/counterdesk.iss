; CounterDesk (车驾管业务窗口服务台): the Windows installer, Inno Setup 6.
;
; NOT RUN HERE: this script was written on Linux and has not been compiled. It packs the PyInstaller
; one-folder bundle that installer/counterdesk.spec makes on Windows; the paths below match that spec:
;   dist\counterdesk\counterdesk.exe    the program, with a console (for the command line)
;   dist\counterdesk\counterdeskw.exe   the same program without a console window (the Start-menu entries)
;   dist\counterdesk\_internal\         Python, Qt, the data
; tests/packaging/test_installer_files.py checks that these names, the version and the three modes stay
; in step with the spec, desktop/__init__.py and the command line.
;
; On a Windows PC (Python 3.11 x64, Inno Setup 6.3 or newer), from the repository's root:
;   py -3.11 -m venv .venv
;   .venv\Scripts\pip install -e ".[build]"
;   .venv\Scripts\pyinstaller installer\counterdesk.spec --noconfirm --distpath dist --workpath build\pyinstaller
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\counterdesk.iss
; → dist\counterdesk-<version>-setup.exe
;
; This file is UTF-8 with a byte-order mark (Inno Setup reads the Chinese names correctly only so).
; The hall's data (the SQLite database, backups) lives in the user's data folder, not in {app}: the
; uninstaller leaves it in place on purpose.

; The version: desktop/__init__.py __version__ (or give it: ISCC /DMyAppVersion=x.y.z).
#ifndef MyAppVersion
  #define MyAppVersion "0.1.0"
#endif
#define MyAppName "CounterDesk"
#define MyAppNameZh "车驾管业务窗口服务台"
#define BundleDir "..\dist\counterdesk"
#define WindowExe "counterdeskw.exe"

[Setup]
AppId={{6D1F2C1E-3B7A-4C55-9E0B-5C0F3A2D8E41}
AppName={#MyAppName} {#MyAppNameZh}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=CounterDesk
DefaultDirName={autopf}\CounterDesk
DefaultGroupName=CounterDesk
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=counterdesk-{#MyAppVersion}-setup
SetupIconFile=icons\counterdesk.ico
UninstallDisplayIcon={app}\{#WindowExe}
UninstallDisplayName={#MyAppName} {#MyAppNameZh}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese ships with Inno Setup's unofficial translations: used when it is there.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "icons\counterdesk.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
; The three modes: the counter (the default command, gui), the self-service kiosk, the hall display.
Name: "{group}\CounterDesk 窗口服务台 (Counter)"; Filename: "{app}\{#WindowExe}"; Parameters: "gui"; WorkingDir: "{app}"; IconFilename: "{app}\counterdesk.ico"; Comment: "车管所业务窗口：排队叫号、机动车与驾驶证业务、考试预约"
Name: "{group}\CounterDesk 自助终端 (Kiosk)"; Filename: "{app}\{#WindowExe}"; Parameters: "kiosk"; WorkingDir: "{app}"; IconFilename: "{app}\counterdesk.ico"; Comment: "大厅自助终端：全屏锁定，管理员 PIN 退出"
Name: "{group}\CounterDesk 叫号显示屏 (Display)"; Filename: "{app}\{#WindowExe}"; Parameters: "display"; WorkingDir: "{app}"; IconFilename: "{app}\counterdesk.ico"; Comment: "大厅电视显示屏：叫号、等候人数、语音播报"
Name: "{group}\{cm:UninstallProgram,CounterDesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CounterDesk 窗口服务台"; Filename: "{app}\{#WindowExe}"; Parameters: "gui"; WorkingDir: "{app}"; IconFilename: "{app}\counterdesk.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#WindowExe}"; Parameters: "gui"; Description: "{cm:LaunchProgram,CounterDesk}"; Flags: nowait postinstall skipifsilent
