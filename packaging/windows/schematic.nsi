; SchémaTIC's per-user installer, for a head teacher without administrator
; rights (school IT deploys the MSI instead). Built on Linux by cargo xtask
; dist:
;     makensis -DVERSION=0.2.0 -DBINAIRES=DOSSIER -DSORTIE=FICHIER.exe schematic.nsi
; Installs into %LOCALAPPDATA%\Programs\SchémaTIC, a Start-menu shortcut for
; this user, an uninstaller registered under HKCU; nothing downloaded. Silent:
; SchemaTIC-installation.exe /S, and "Désinstaller SchémaTIC.exe" /S. The
; data (%LOCALAPPDATA%\fr.schematic.app) are never removed by it.

; A 64-bit installer, like the program it installs.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
; The tests package debug builds: -DRAPIDE skips the slow compression.
!ifdef RAPIDE
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!include "MUI2.nsh"

!define NOM "SchémaTIC"
!define CLE_DESINSTALLATION "Software\Microsoft\Windows\CurrentVersion\Uninstall\SchemaTIC"
!define DESINSTALLEUR "Désinstaller SchémaTIC.exe"

Name "${NOM}"
OutFile "${SORTIE}"
InstallDir "$LOCALAPPDATA\Programs\${NOM}"
InstallDirRegKey HKCU "Software\SchemaTIC" "DossierInstallation"
BrandingText "${NOM} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "${NOM}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "CompanyName" "${NOM}"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de ${NOM} pour cet utilisateur"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "LegalCopyright" "Licence EUPL-1.2"

!define MUI_ICON "${BINAIRES}\schematic.ico"
!define MUI_UNICON "${BINAIRES}\schematic.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\schematic-app.exe"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\LISEZMOI.txt"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Section "SchémaTIC" SectionApplication
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${BINAIRES}\schematic-app.exe"
  File "${BINAIRES}\schematic.exe"
  File "${BINAIRES}\WebView2Loader.dll"
  File "${BINAIRES}\LISEZMOI.txt"
  File "${BINAIRES}\schematic.ico"
  WriteUninstaller "$INSTDIR\${DESINSTALLEUR}"
  CreateShortcut "$SMPROGRAMS\${NOM}.lnk" "$INSTDIR\schematic-app.exe" "" "$INSTDIR\schematic.ico"
  WriteRegStr HKCU "Software\SchemaTIC" "DossierInstallation" "$INSTDIR"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "DisplayName" "${NOM}"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "Publisher" "${NOM}"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "DisplayIcon" "$INSTDIR\schematic.ico"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "UninstallString" '"$INSTDIR\${DESINSTALLEUR}"'
  WriteRegStr HKCU "${CLE_DESINSTALLATION}" "QuietUninstallString" '"$INSTDIR\${DESINSTALLEUR}" /S'
  WriteRegDWORD HKCU "${CLE_DESINSTALLATION}" "NoModify" 1
  WriteRegDWORD HKCU "${CLE_DESINSTALLATION}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${NOM}.lnk"
  Delete "$INSTDIR\schematic-app.exe"
  Delete "$INSTDIR\schematic.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\LISEZMOI.txt"
  Delete "$INSTDIR\schematic.ico"
  Delete "$INSTDIR\${DESINSTALLEUR}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${CLE_DESINSTALLATION}"
  DeleteRegKey HKCU "Software\SchemaTIC"
SectionEnd
