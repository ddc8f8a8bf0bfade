; Alliance Desk installer for Windows (NSIS 3). Built by dist/build.sh:
;   makensis -DVERSION=x.y.z -DEXE=path\to\alliance-desk.exe -DICON=assets\icon.ico -DOUT=... installer.nsi
Unicode true
!include "MUI2.nsh"

Name "Alliance Desk ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\Alliance Desk"
InstallDirRegKey HKLM "Software\Alliance Desk" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "Alliance Desk" SecMain
  SetOutPath "$INSTDIR"
  File "/oname=alliance-desk.exe" "${EXE}"
  File "/oname=alliance-desk.ico" "${ICON}"
  File "/oname=README.md" "${README}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu
  CreateDirectory "$SMPROGRAMS\Alliance Desk"
  CreateShortcut "$SMPROGRAMS\Alliance Desk\Alliance Desk.lnk" "$INSTDIR\alliance-desk.exe" "" "$INSTDIR\alliance-desk.ico"
  CreateShortcut "$SMPROGRAMS\Alliance Desk\Uninstall Alliance Desk.lnk" "$INSTDIR\uninstall.exe"

  ; .adesk files open in Alliance Desk (the path comes as the first argument)
  WriteRegStr HKCR ".adesk" "" "AllianceDesk.Workspace"
  WriteRegStr HKCR "AllianceDesk.Workspace" "" "Alliance Desk workspace"
  WriteRegStr HKCR "AllianceDesk.Workspace\DefaultIcon" "" "$INSTDIR\alliance-desk.ico"
  WriteRegStr HKCR "AllianceDesk.Workspace\shell\open\command" "" '"$INSTDIR\alliance-desk.exe" "%1"'

  ; Apps & features
  WriteRegStr HKLM "Software\Alliance Desk" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "DisplayName" "Alliance Desk"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "Publisher" "Alliance Desk"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "DisplayIcon" "$INSTDIR\alliance-desk.ico"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "NoModify" 1
  WriteRegDWORD HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk" "NoRepair" 1
  ; Tell Explorer the association changed.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\alliance-desk.exe"
  Delete "$INSTDIR\alliance-desk.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Alliance Desk\Alliance Desk.lnk"
  Delete "$SMPROGRAMS\Alliance Desk\Uninstall Alliance Desk.lnk"
  RMDir "$SMPROGRAMS\Alliance Desk"
  DeleteRegKey HKCR "AllianceDesk.Workspace"
  DeleteRegValue HKCR ".adesk" ""
  DeleteRegKey /ifempty HKCR ".adesk"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\AllianceDesk"
  DeleteRegKey HKLM "Software\Alliance Desk"
  ; Workspaces the user made are never deleted.
SectionEnd
